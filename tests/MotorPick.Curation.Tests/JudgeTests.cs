using MotorPick.Curation.Review;
using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Curation.Tests;

public class JudgeTests
{
    private static readonly TomoShape Shape = new(100, 100, 100);

    private static GtTable Labels(params (string Id, Point3[] Motors)[] rows) =>
        new(rows.Select(r => new GtRow(r.Id, Shape, 10, r.Motors)).ToArray(), GtLayout.Short);

    [Fact]
    public void Top1_judge_follows_the_reference_rules()
    {
        var labels = Labels(("a", [new Point3(10, 10, 10)]), ("b", []), ("c", [new Point3(10, 10, 10)]), ("d", []), ("e", [new Point3(50, 50, 50)]), ("z", []));
        Prediction[] cands =
        [
            new("a", new Point3(12, 10, 10), 0.9), // TP
            new("b", new Point3(30, 30, 30), 0.06), // FP
            new("b", new Point3(60, 30, 30), 0.04),
            new("c", new Point3(10, 10, 10), 0.03), // below threshold: FN
            new("d", Point3.None, 0.0), // TN
            new("e", new Point3(50, 50, 200), 0.8), // far: FN
        ];
        var (counts, items, matches) = Judge.Mine(labels, cands, 0.05, MatchMode.Top1);
        Assert.Equal(new JudgeCounts(1, 1, 2, 1), counts);
        Assert.Equal(["b", "c", "e"], items.Select(i => i.TomoId));
        Assert.Equal([Judgement.FP, Judgement.FN, Judgement.FN], items.Select(i => i.Judge));
        Assert.Equal("FP/FP-1-b-100x100x100-spacing10.0.jpg", items[0].ImageName); // z is not judged: not predicted
        Assert.Equal([0.06, 0.04], items[0].Candidates.Select(c => c.Conf));
        Assert.Equal("a", Assert.Single(matches).TomoId);
    }

    [Fact]
    public void All_mode_reviews_unmatched_labels_and_candidates()
    {
        // 40 Å voxels: the 1000 Å radius is 25 voxels.
        var labels = new GtTable([new GtRow("a", Shape, 40, [new Point3(10, 10, 10), new Point3(80, 80, 80)])], GtLayout.Short);
        Prediction[] cands = [new("a", new Point3(11, 10, 10), 0.9), new("a", new Point3(40, 40, 40), 0.5)];
        var (counts, items, _) = Judge.Mine(labels, cands, 0.3, MatchMode.All);
        Assert.Equal(new JudgeCounts(1, 1, 1, 0), counts);
        Assert.Equal([Judgement.FN, Judgement.FP], items.Select(i => i.Judge));
    }

    [Fact]
    public void Image_names_print_the_spacing_as_float32_like_the_reference()
    {
        Assert.Equal("FP/FP-1-tomo_0333fa-300x960x928-spacing16.799999237060547.jpg",
            ReviewItem.ImageNameFor(Judgement.FP, 1, "tomo_0333fa", new TomoShape(300, 960, 928), 16.8));
    }
}
