using MotorPick.Formats.Jpeg;
using MotorPick.Inference.Models;
using MotorPick.Labels.Tables;
using MotorPick.Tests;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Cli.Tests;

/// <summary>predict -> ensemble -> submit -> score through the CLI, with the fixture ONNX network (stride 4, patch 16x32x32).</summary>
public class PredictCommandTests
{
    internal static void WriteStack(string dir, int z, int y, int x, int seed)
    {
        using var w = new JpegSliceStackWriter(dir, z, y, x);
        var planes = new byte[z * y * x];
        var rng = new Random(seed);
        rng.NextBytes(planes);
        // A dark blob so that the network has something to respond to.
        for (var k = 8; k < 14; k++)
            for (var j = 20; j < 28; j++)
                for (var i = 30; i < 38; i++)
                    planes[(k * y + j) * x + i] = 10;
        w.WriteSlices(0, planes);
        w.Complete();
    }

    [Fact]
    public void Predict_ensemble_submit_and_score_run_end_to_end()
    {
        using var tmp = Fixtures.TempDir();
        var model = tmp.File("tiny.onnx");
        File.Copy(Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), model);
        new ModelCard { Name = "tiny", Stride = 4, TargetSpacing = 16, PatchSize = [16, 32, 32], InputName = "image", OutputName = "logits" }.Save(model + ".json");
        var data = tmp.File("data");
        WriteStack(Path.Combine(data, "tomo_aaaaaa"), 20, 48, 64, 1);
        WriteStack(Path.Combine(data, "tomo_bbbbbb"), 20, 48, 64, 2);
        File.WriteAllText(tmp.File("gt.csv"),
            "tomo_id,Z,Y,X,voxel_spacing,num_motors,motor_z,motor_y,motor_x,motor_zyx\n" +
            "tomo_aaaaaa,20,48,64,16.0,1,11.0,24.0,34.0,\"[[11.0, 24.0, 34.0]]\"\n" +
            "tomo_bbbbbb,20,48,64,16.0,0,-1.0,-1.0,-1.0,[]\n");

        var (exit, output) = CliRunner.Run("predict", "--model", model, "--data", data, "--labels", tmp.File("gt.csv"), "--tta", "zyx,zxy",
            "--ensemble", "none", "--stride", "4", "--conf", "0.0", "--out", tmp.File("cand.csv"));
        Assert.True(exit == 0, output);
        var parts = Directory.GetFiles(tmp.Path, "cand.*.csv").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, parts.Length);
        Assert.All(parts, p => Assert.Equal(["tomo_aaaaaa", "tomo_bbbbbb"], PredictionsFile.Read(p).Select(r => r.TomoId).Distinct()));

        (exit, output) = CliRunner.Run(["ensemble", .. parts, "--labels", tmp.File("gt.csv"), "--skip", "0.0", "--out", tmp.File("fused.csv")]);
        Assert.True(exit == 0, output);
        (exit, output) = CliRunner.Run("submit", "--candidates", tmp.File("fused.csv"), "--quantile", "0.5", "--out", tmp.File("submission.csv"));
        Assert.True(exit == 0, output);
        var sub = PredictionsFile.Read(tmp.File("submission.csv"));
        Assert.Equal(["tomo_aaaaaa", "tomo_bbbbbb"], sub.Select(r => r.TomoId));

        (exit, output) = CliRunner.Run("score", "--labels", tmp.File("gt.csv"), "--submission", tmp.File("submission.csv"), "--json");
        Assert.True(exit == 0, output);
        Assert.Contains("\"f2\":", output);
    }

    [Fact]
    public void Predict_without_spacing_says_how_to_give_one()
    {
        using var tmp = Fixtures.TempDir();
        var model = tmp.File("tiny.onnx");
        File.Copy(Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), model);
        new ModelCard { Name = "tiny", Stride = 4, TargetSpacing = 16, PatchSize = [16, 32, 32], InputName = "image", OutputName = "logits" }.Save(model + ".json");
        WriteStack(Path.Combine(tmp.Path, "data", "tomo_aaaaaa"), 20, 48, 64, 1);
        var (exit, output) = CliRunner.Run("predict", "--model", model, "--data", tmp.File("data"), "--out", tmp.File("c.csv"));
        Assert.NotEqual(0, exit);
        Assert.Contains("--labels", output);
    }
}
