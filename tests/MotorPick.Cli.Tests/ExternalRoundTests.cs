using System.Globalization;
using MotorPick.Curation.Review;
using MotorPick.Inference.Models;
using MotorPick.Labels;
using MotorPick.Labels.Splits;
using MotorPick.Labels.Tables;
using MotorPick.Portal.Metadata;
using MotorPick.Portal.StandIn;
using MotorPick.Tests;
using MotorPick.Volumes.Geometry;
using Xunit.Abstractions;

namespace MotorPick.Cli.Tests;

/// <summary>
/// The reference's external round (reference 6.5 and 1.6) through the motorpick command tree, on the local stand-in portal:
/// portal fetch -> labels convert-external -> labels gt -> predict -> review mine -> review render -> review simulate ->
/// labels patch (External) -> labels gt (short: external_gt) -> labels concat (gt_v3 + external_gt = all_gt_v3) -> split refine.
/// </summary>
public class ExternalRoundTests(ITestOutputHelper log)
{
    // Each step runs on the thread pool: the commands block on their own async work.
    private static async Task<CliRun> Cli(params string[] args)
    {
        var run = await Task.Run(() => CliRunner.RunStreams(args));
        Assert.True(run.Exit == 0, $"motorpick {string.Join(' ', args)}\n{run.Output}");
        return run;
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_external_round_runs_from_portal_fetch_to_the_refined_split()
    {
        using var tmp = Fixtures.TempDir();
        var runs = SyntheticPortalData.Write(tmp.File("portal"), new SyntheticPortalOptions { Count = 4, Spacing = 16.0, IncludeWrapped = false });
        var ext = tmp.File("external");
        await using (var server = await LocalPortalServer.StartAsync(tmp.File("portal")))
        {
            await Cli("portal", "fetch", "--motor-runs", "--endpoint", server.Endpoint, "--output-dir", ext,
                "--num-download-workers", "2", "--num-process-workers", "1", "--threads", "1");
        }
        foreach (var run in runs) Assert.True(File.Exists(Path.Combine(ext, "meta", run + ".json")), run);
        var truth = LabelTables.ReadAsGt(Path.Combine(ext, "portal_labels.csv")).Table;
        Assert.Equal(runs.Order(StringComparer.Ordinal), truth.Rows.Select(r => r.TomoId));
        var withMotors = truth.Rows.Where(r => r.NumMotors > 0).ToList();
        Assert.True(withMotors.Count >= 2, "the stand-in runs should hold motors");

        // brendanartley's format (z on 128 sampled slices, y and x on 512 x 512): one run with all its motors, one with its
        // first only (the others hidden), one with a wrong label; plus the run the reference drops (not on the portal).
        var metas = MetaDirectory.ReadAll(Path.Combine(ext, "meta")).ToDictionary(m => m.TomoId);
        var brendan = new List<string> { "z,y,x,tomo_id,dataset_id" };
        string Row(string id, Point3 stored)
        {
            var m = metas[id];
            var (ori, st) = (m.Shape("ori_shape"), m.Shape("target_shape"));
            var oriZ = (stored.Z + 0.5) * ori[0] / st[0] - 0.5;
            var k = Enumerable.Range(0, 128).MinBy(k => Math.Abs(ExternalLabelConverter.SampledSlice(ori[0], k) - oriZ));
            return $"{k}.0,{F((stored.Y + 0.5) / st[1] * 512 - 0.5)},{F((stored.X + 0.5) / st[2] * 512 - 0.5)},{id},10001";
        }
        var (r0, r1) = (withMotors[0], withMotors[1]);
        var r2 = truth.Rows.First(r => r != r0 && r != r1);
        var labelled = new[] { r0, r1, r2 }.Select(r => r.TomoId).Order(StringComparer.Ordinal).ToArray();
        brendan.AddRange(r0.Motors.Select(p => Row(r0.TomoId, p)));
        brendan.Add(Row(r1.TomoId, r1.Motors[0]));
        brendan.Add(Row(r2.TomoId, new Point3(r2.Shape.Z / 2, 2, 2)));
        brendan.Add("40.0,100.0,100.0,mba2011-07-18-1,10002");
        File.WriteAllLines(tmp.File("brendanartley_external_labels.csv"), brendan);

        // convert-external: the reference's 58 columns, file order, the run without meta skipped and reported
        var v1 = Path.Combine(ext, "external_labels_v1.csv");
        var convert = await Cli("labels", "convert-external", "--labels", tmp.File("brendanartley_external_labels.csv"), "--meta", Path.Combine(ext, "meta"), "--out", v1);
        Assert.Contains("skipped 1 labels of 1 runs without meta: mba2011-07-18-1", convert.Output);
        Assert.StartsWith("motor_z,motor_y,motor_x,tomo_id,Z,Y,X,ori_spacing,", File.ReadLines(v1).First());
        var perMotor = LabelTables.ReadPerMotor(v1);
        Assert.Equal(brendan.Count - 2, perMotor.Rows.Count);
        Assert.All(perMotor.Rows.Where(r => r.TomoId == r0.TomoId).Zip(r0.Motors), x => Assert.True(x.First.Motor.DistanceTo(x.Second) < 1.5));

        // labels gt reads it: one row per run, stored shape, voxel spacing = target_spacing
        await Cli("labels", "gt", "--labels", v1, "--format", "short", "--out", tmp.File("external_gt_v1.csv"));
        var gtV1 = GtTableFile.Read(tmp.File("external_gt_v1.csv"));
        Assert.Equal(labelled, gtV1.Rows.Select(r => r.TomoId));
        Assert.All(gtV1.Rows, r => Assert.Equal((16.0, new TomoShape(32, 96, 96)), (r.VoxelSpacing, r.Shape)));

        // predict reads each tomogram's spacing from external_labels_v1.csv (the fixture ONNX network: stride 4, 16 Å)
        var model = tmp.File("tiny.onnx");
        File.Copy(Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), model);
        new ModelCard { Name = "tiny", Stride = 4, TargetSpacing = 16, PatchSize = [16, 32, 32], InputName = "image", OutputName = "logits" }.Save(model + ".json");
        var candidates = tmp.File("external_candidates.csv");
        await Cli("predict", "--model", model, "--data", Path.Combine(ext, "tomogram"), "--labels", v1, "--only-labelled", "--stride", "4", "--conf", "0.0",
            "--max-dets", "4", "--fp16-coords", "double", "--threads", "1", "--out", candidates);
        var preds = PredictionsFile.Read(candidates);
        Assert.Equal(labelled, preds.Select(p => p.TomoId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(preds.Where(p => p.HasMotor), p => Assert.True(gtV1[p.TomoId].Shape.Contains(p.Point), $"{p.Point} outside {p.TomoId}"));

        // review mine judges against external_labels_v1.csv; render; the simulated reviewer answers from the portal's truth
        var review = tmp.File("review-external");
        await Cli("review", "mine", "--labels", v1, "--candidates", candidates, "--threshold", "0.0", "--match", "all", "--out", review);
        var set = ReviewFile.Read(review);
        Assert.NotEmpty(set.Items);
        await Cli("review", "render", "--review", review, "--data", Path.Combine(ext, "tomogram"));
        Assert.All(set.Items, i => Assert.True(File.Exists(ReviewFile.ImagePath(review, i)), i.ImageName));
        await Cli("review", "simulate", "--review", review, "--truth", Path.Combine(ext, "portal_labels.csv"));
        var decisions = DecisionFile.Read(DecisionFile.PathIn(review));
        Assert.Equal(set.Items.Select(i => i.Index), decisions.Decisions.Select(d => d.ItemIndex)); // one answer per item (no tag = undecided)

        // labels patch --semantics External on external_labels_v1.csv (the documented command that used to fail)
        var v2 = Path.Combine(ext, "external_labels_v2.csv");
        var patch = await Cli("labels", "patch", "--labels", v1, "--review", review, "--round", "external", "--semantics", "External", "--out", v2);
        Assert.Contains("tomograms touched", patch.Output);
        log.WriteLine($"judged {set.Counts}; {set.Items.Count} items, {set.Matches.Count} confirmed labels; {patch.Out.Trim()}");
        var patched = TrainLabelsFile.Read(v2);
        Assert.Equal(["source", "conf"], patched.ExtraColumns);
        foreach (var m in set.Matches)
            Assert.Contains(patched.Rows, r => r.TomoId == m.TomoId && r.Motor == m.Candidate.Point && patched.Extra(r, "source") == "external");
        // The wrong label: replaced by its confident candidate, dropped when the reviewer rejected it, else kept as it was.
        var wrong = perMotor.Rows.Single(r => r.TomoId == r2.TomoId).Motor;
        var r2Motors = patched.Rows.Where(r => r.TomoId == r2.TomoId && r.HasMotor).Select(r => r.Motor).ToList();
        if (set.Matches.SingleOrDefault(m => m.TomoId == r2.TomoId) is { } match) Assert.Equal([match.Candidate.Point], r2Motors.Take(1));
        else if (decisions.Decisions.Any(d => d.TomoId == r2.TomoId && d.KeepLabels == false)) Assert.DoesNotContain(wrong, r2Motors);
        else Assert.Contains(wrong, r2Motors);

        // external_gt.csv in the short layout, sorted by run; every motor of it is one of the patched rows
        var externalGt = tmp.File("external_gt.csv");
        await Cli("labels", "gt", "--labels", v2, "--format", "short", "--out", externalGt);
        var eg = GtTableFile.Read(externalGt);
        Assert.Equal(GtLayout.Short, eg.Layout);
        Assert.Equal(labelled, eg.Rows.Select(r => r.TomoId));
        Assert.Equal(patched.Rows.Count(r => r.HasMotor), eg.MotorCount);
        Assert.Contains($"{patched.Rows.Count(r => r.HasMotor)} motors", (await Cli("labels", "stats", externalGt)).Output);

        // gt_v3 (competition tomograms) ++ external_gt = all_gt_v3, line for line as the reference's files (reference fact 8)
        var gtV2 = tmp.File("gt_v2.csv");
        var gtV3 = tmp.File("gt_v3.csv");
        const string Header = "tomo_id,Z,Y,X,voxel_spacing,num_motors,motor_z,motor_y,motor_x,motor_zyx\n";
        string Comp(int i, int motors) => $"tomo_{i:x6},100,200,200,15.6,{motors}," + (motors == 0 ? "-1.0,-1.0,-1.0,[]"
            : "50.0,60.0,70.0,\"[" + string.Join(", ", Enumerable.Range(0, motors).Select(k => $"[50.0, {60 + k * 40}.0, 70.0]")) + "]\"") + "\n";
        File.WriteAllText(gtV2, Header + string.Concat(Enumerable.Range(1, 8).Select(i => Comp(i, i % 2))));
        File.WriteAllText(gtV3, Header + string.Concat(Enumerable.Range(1, 8).Select(i => Comp(i, i == 3 ? 2 : i % 2))));
        var allGtV3 = tmp.File("all_gt_v3.csv");
        await Cli("labels", "concat", gtV3, externalGt, "--out", allGtV3);
        Assert.Equal(File.ReadAllText(gtV3) + string.Concat(File.ReadLines(externalGt).Skip(1).Select(l => l + "\n")), File.ReadAllText(allGtV3));

        // split on gt_v2, refined with all_gt_v3: tomo_000003 now has 2 motors and leaves its val list for train
        var splitV2 = tmp.File("skf2_v2.json");
        var splitV3 = tmp.File("skf2_v3.json");
        await Cli("split", "--labels", gtV2, "--folds", "2", "--seed", "42", "--max-val-motors", "1", "--out", splitV2);
        var refine = await Cli("split", "refine", "--split", splitV2, "--labels", allGtV3, "--max-val-motors", "1", "--out", splitV3);
        Assert.Contains("1 val tomograms moved to train", refine.Output);
        var (before, after) = (CvSplitFile.Read(splitV2), CvSplitFile.Read(splitV3));
        var fold = before.Folds.Select((f, k) => (f, k)).Single(x => x.f.Val.Contains("tomo_000003")).k;
        Assert.DoesNotContain("tomo_000003", after.Folds[fold].Val);
        Assert.Equal("tomo_000003", after.Folds[fold].Train[^1]);
    }
}
