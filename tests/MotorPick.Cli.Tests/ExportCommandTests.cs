using MotorPick.Formats.Jpeg;
using MotorPick.Labels.Tables;
using MotorPick.Model.Nn;
using MotorPick.Model.Training;
using MotorPick.Tests;
using static TorchSharp.torch;

namespace MotorPick.Cli.Tests;

/// <summary><c>motorpick export</c>, and predict running a checkpoint on its export: the same candidates as TorchSharp.</summary>
public class ExportCommandTests
{
    /// <summary>An untrained tiny checkpoint (stride 16, window 32x64x64) and a 40x70x90 tomogram with a dark blob, at 16 Å.</summary>
    private static (string Card, string Data, string Labels) Setup(TempDir tmp)
    {
        manual_seed(3);
        using var net = new HeatmapUNet3d(ModelPresets.Get("tiny"));
        using (no_grad())
        {
            // a head without the 0.01 prior, so that the heatmap holds more than one confident peak
            net.named_parameters().Single(p => p.name == "head.bias").parameter.zero_();
        }
        var card = ModelCheckpoint.Save(tmp.File("run"), "model", net, new CheckpointCard { Model = net.Spec, Patch = [32, 64, 64], TargetSpacing = 16 });
        var (z, y, x) = (40, 70, 90);
        var voxels = new byte[z * y * x];
        new Random(1).NextBytes(voxels);
        for (var k = 14; k < 24; k++)
            for (var j = 30; j < 40; j++)
                for (var i = 40; i < 52; i++)
                    voxels[(k * y + j) * x + i] = 10;
        using (var w = new JpegSliceStackWriter(Path.Combine(tmp.File("data"), "tomo_aaaaaa"), z, y, x))
        {
            w.WriteSlices(0, voxels);
            w.Complete();
        }
        File.WriteAllText(tmp.File("gt.csv"),
            "tomo_id,Z,Y,X,voxel_spacing,num_motors,motor_z,motor_y,motor_x,motor_zyx\n" +
            "tomo_aaaaaa,40,70,90,16.0,1,19.0,35.0,46.0,\"[[19.0, 35.0, 46.0]]\"\n");
        return (card, tmp.File("data"), tmp.File("gt.csv"));
    }

    private static (int Exit, string Output) Predict(string model, string data, string labels, string output, params string[] extra) =>
        CliRunner.Run(["predict", "--model", model, "--data", data, "--labels", labels, "--tta", "zyx,zxy_x", "--stride", "8", "--conf", "0.0",
            "--max-dets", "5", "--nms-a", "200", "--threads", "2", "--out", output, .. extra]);

    [Fact]
    public void Predict_on_the_export_gives_the_torch_candidates()
    {
        using var tmp = Fixtures.TempDir();
        var (card, data, labels) = Setup(tmp);
        var onnx = Path.Combine(Path.GetDirectoryName(card)!, "model.onnx");

        var (exit, output) = CliRunner.Run("export", "--model", card, "--out", onnx, "--threads", "2");
        Assert.True(exit == 0, output);
        Assert.Contains("checked against TorchSharp", output);
        Assert.True(File.Exists(onnx + ".json"));

        (exit, output) = Predict(card, data, labels, tmp.File("torch.csv"), "--engine", "torch");
        Assert.True(exit == 0, output);
        Assert.Contains("TorchSharp (--engine torch)", output);
        (exit, output) = Predict(card, data, labels, tmp.File("onnx.csv"));
        Assert.True(exit == 0, output);
        Assert.Contains("ONNX Runtime", output);

        var torchRows = PredictionsFile.Read(tmp.File("torch.csv"));
        var onnxRows = PredictionsFile.Read(tmp.File("onnx.csv"));
        Assert.InRange(torchRows.Count, 2, 5);
        Assert.Equal(torchRows.Count, onnxRows.Count);
        foreach (var (a, b) in torchRows.Zip(onnxRows))
        {
            Assert.Equal((a.TomoId, a.Point), (b.TomoId, b.Point));
            Assert.Equal(a.Conf!.Value, b.Conf!.Value, 1e-3);
        }
    }

    [Fact]
    public void A_stale_or_missing_export_leaves_the_checkpoint_on_TorchSharp()
    {
        using var tmp = Fixtures.TempDir();
        var (card, data, labels) = Setup(tmp);
        var (exit, output) = Predict(card, data, labels, tmp.File("a.csv"), "--engine", "onnx");
        Assert.NotEqual(0, exit);
        Assert.Contains("motorpick export", output);

        var onnx = Path.Combine(Path.GetDirectoryName(card)!, "model.onnx");
        (exit, output) = CliRunner.Run("export", "--model", card, "--out", onnx, "--no-check");
        Assert.True(exit == 0, output);
        // retrain (here: re-save other weights) without exporting: the old export no longer matches model.json
        manual_seed(4);
        using (var other = new HeatmapUNet3d(ModelPresets.Get("tiny")))
            ModelCheckpoint.Save(Path.GetDirectoryName(card)!, "model", other, CheckpointCard.Load(card));
        (exit, output) = Predict(card, data, labels, tmp.File("b.csv"));
        Assert.True(exit == 0, output);
        Assert.Contains("was not exported from this checkpoint's weights", output);
    }
}
