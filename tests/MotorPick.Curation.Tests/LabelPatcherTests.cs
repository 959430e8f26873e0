using MotorPick.Curation.Patching;
using MotorPick.Curation.Review;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Curation.Tests;

public class LabelPatcherTests
{
    private static string Ref(string name) => Fixtures.Path("reference", name);

    /// <summary>
    /// The raw competition labels are not public, but gt.csv holds them: one row per motor in file order, with the raw
    /// 'Number of motors' in ori_num_motors. A synthetic review that tags every round-1 tomogram as the reference's
    /// CVAT review did, patched with the reference semantics, must give train_labels_v2.csv byte for byte.
    /// </summary>
    [Fact]
    public void Round1_review_reproduces_train_labels_v2_exactly() // facts 4 and 27, tomo_fe050c
    {
        var gt = GtTableFile.Read(Ref("gt.csv"));
        var raw = new TrainLabelsTable(gt.ToTrainLabels().Rows.Select(r => r with { NumberOfMotors = gt[r.TomoId].OriNumMotors!.Value }).ToArray());
        var v2 = TrainLabelsFile.Read(Ref("train_labels_v2.csv"));

        var items = new List<ReviewItem>();
        var decisions = new List<ReviewDecision>();
        foreach (var group in v2.ByTomogram().Where(g => g.Any(r => v2.Extra(r, "source") == "round1")))
        {
            var original = gt[group.Key];
            var candidates = new List<ReviewCandidate>();
            var tags = new List<int>();
            foreach (var row in group)
            {
                var isOriginal = v2.Extra(row, "conf") == "1.0" && (original.NumMotors == 0 ? !row.HasMotor : original.Motors.Contains(row.Motor));
                if (isOriginal) { if (!tags.Contains(0)) tags.Add(0); continue; }
                candidates.Add(new ReviewCandidate(row.Motor, double.Parse(v2.Extra(row, "conf")!, System.Globalization.CultureInfo.InvariantCulture)));
                tags.Add(candidates.Count);
            }
            var judge = original.NumMotors == 0 ? Judgement.FP : Judgement.FN;
            var item = new ReviewItem(items.Count, judge, group.Key, original.Shape, original.VoxelSpacing, original.Motors, candidates,
                ReviewItem.ImageNameFor(judge, items.Count, group.Key, original.Shape, original.VoxelSpacing));
            items.Add(item);
            decisions.Add(new ReviewDecision(item.Index, item.TomoId, judge, tags));
        }
        var review = new ReviewSet("gt.csv", "", "fold.csv", "", 0.05, MatchMode.Top1, 1000, new JudgeCounts(0, 0, 0, 0), items, []);

        var (patched, report) = LabelPatcher.Patch(raw, review, new DecisionSet("test", decisions, []), "round1", PatchSemantics.Reference);

        Assert.Equal(File.ReadAllText(Ref("train_labels_v2.csv")), TrainLabelsFile.Format(patched));
        Assert.Equal(132, report.TomogramsChanged);
        Assert.Equal(72, report.MotorsAdded);
        Assert.Equal(0, report.MotorsRemoved);
        var fe = patched.Rows.Where(r => r.TomoId == "tomo_fe050c").ToArray();
        Assert.Equal([748L, 749L], fe.Select(r => r.RowId));
        Assert.Equal(new Point3(143.125, 93.875, 405.75), fe[1].Motor);
    }

    private static (TrainLabelsTable, ReviewSet) OneTomo(Point3[] labels, ReviewCandidate[] candidates, Judgement judge, ReviewMatch[]? matches = null)
    {
        var shape = new TomoShape(100, 100, 100);
        var table = TrainLabelsTable.FromTomograms([new TomogramLabels("t", shape, 10, labels), new TomogramLabels("u", shape, 10, [new Point3(5, 5, 5)])]);
        var item = new ReviewItem(0, judge, "t", shape, 10, labels, candidates, ReviewItem.ImageNameFor(judge, 0, "t", shape, 10));
        return (table, new ReviewSet("l", "", "c", "", 0.05, MatchMode.All, 1000, new JudgeCounts(0, 0, 0, 0), [item], matches ?? []));
    }

    [Fact]
    public void An_accepted_candidate_is_added_and_nothing_is_dropped_without_a_rejection()
    {
        var (table, review) = OneTomo([new Point3(10, 10, 10)], [new ReviewCandidate(new Point3(50, 50, 50), 0.7)], Judgement.FP);
        var (patched, report) = LabelPatcher.Patch(table, review, new DecisionSet("t", [new ReviewDecision(0, "t", Judgement.FP, [1])], []), "r2", PatchSemantics.Reference);
        Assert.Equal([new Point3(10, 10, 10), new Point3(50, 50, 50), new Point3(5, 5, 5)], patched.Rows.Select(r => r.Motor));
        Assert.Equal(["r2", "r2", "origin"], patched.Rows.Select(r => patched.Extra(r, "source")));
        Assert.Equal("0.7", patched.Extra(patched.Rows[1], "conf"));
        Assert.Equal((1, 0), (report.MotorsAdded, report.MotorsRemoved));
    }

    [Fact]
    public void An_fn_item_tagged_without_zero_rejects_its_unconfirmed_labels()
    {
        var (table, review) = OneTomo([new Point3(10, 10, 10)], [], Judgement.FN);
        var (patched, report) = LabelPatcher.Patch(table, review, new DecisionSet("t", [new ReviewDecision(0, "t", Judgement.FN, [])], []), "r2", PatchSemantics.Reference);
        Assert.Equal(3 - 1, patched.Rows.Count); // undecided: nothing changes
        Assert.Equal(0, report.TomogramsChanged);
    }

    [Fact]
    public void External_semantics_replace_a_confirmed_label_with_its_prediction()
    {
        var label = new Point3(10, 10, 10);
        var cand = new ReviewCandidate(new Point3(12, 10, 10), 0.9);
        var (table, review) = OneTomo([label], [cand], Judgement.TP, [new ReviewMatch("t", 0, label, cand, 2)]);
        review = review with { Items = [] };
        var (patched, report) = LabelPatcher.Patch(table, review, new DecisionSet("t", [], []), "external", PatchSemantics.External);
        Assert.Equal(new Point3(12, 10, 10), patched.Rows[0].Motor);
        Assert.Equal("0.9", patched.Extra(patched.Rows[0], "conf"));
        Assert.Equal(1, report.MotorsReplaced);
    }
}
