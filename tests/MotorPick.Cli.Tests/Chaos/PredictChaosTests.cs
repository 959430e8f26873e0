using MotorPick.Tests;
using Xunit.Abstractions;

namespace MotorPick.Cli.Tests.Chaos;

[Collection(ChaosCollection.Name)]
public class PredictChaosTests(ChaosData data, ITestOutputHelper log)
{
    private const string Card = """{"name": "tiny_heatmap", "stride": 4, "target_spacing": 16, "patch_size": [16, 32, 32], "input_name": "image", "output_name": "logits"}""";

    [Fact]
    public void Killed_predictions_resume_from_their_parts_to_the_same_candidates_and_heatmaps()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("card.json"), Card);
        var outDir = tmp.File("pred");
        var output = Path.Combine(outDir, "cand.csv");
        string[] args = ["predict", "--model", Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), "--card", tmp.File("card.json"),
            "--data", data.Train, "--labels", data.Labels, "--tta", "zyx,zxy_x,zyx_z,zxy", "--threads", "1",
            "--save-heatmaps", Path.Combine(outDir, "heatmaps"), "--out", output];
        var chaos = ChaosRun.Start(outDir, args, seed: 303);
        var parts = output + ".parts";
        var done = Directory.Exists(parts)
            ? data.Ids.Where(id => Directory.EnumerateFiles(parts, id + ".csv", SearchOption.AllDirectories).Any()).ToList()
            : [];

        var final = chaos.Finish(args);
        log.WriteLine(chaos.Describe(final) + $"; {done.Count} of {data.Ids.Count} tomograms done before the rerun");
        chaos.AssertSameOutputs();
        chaos.AssertNoLeftovers();
        foreach (var id in done) ChaosRun.AssertLogged(final, $"skipped {id}: predicted by an earlier run");
        ChaosRun.AssertLogged(final, $"({data.Ids.Count - done.Count} predicted, {done.Count} from an earlier run)");
    }
}
