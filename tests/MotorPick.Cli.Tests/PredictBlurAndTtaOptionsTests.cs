using MotorPick.Inference.Models;
using MotorPick.Tests;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Cli.Tests;

/// <summary>predict's --blur-sigma beside --blur, and the named TTA sets, with the fixture ONNX network (stride 4, 16 Å).</summary>
public class PredictBlurAndTtaOptionsTests
{
    private static (TempDir Tmp, string[] Common) Setup()
    {
        var tmp = Fixtures.TempDir();
        var model = tmp.File("tiny.onnx");
        File.Copy(Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), model);
        new ModelCard { Name = "tiny", Stride = 4, TargetSpacing = 16, PatchSize = [16, 32, 32], InputName = "image", OutputName = "logits" }.Save(model + ".json");
        PredictCommandTests.WriteStack(Path.Combine(tmp.Path, "data", "tomo_aaaaaa"), 20, 48, 64, 1);
        return (tmp, ["predict", "--model", model, "--data", tmp.File("data"), "--assume-spacing", "16", "--stride", "4", "--conf", "0.0", "--max-dets", "8"]);
    }

    private static string Predict(TempDir tmp, string[] common, string name, params string[] more)
    {
        var (exit, output) = CliRunner.Run([.. common, .. more, "--out", tmp.File(name)]);
        Assert.True(exit == 0, output);
        return File.ReadAllText(tmp.File(name));
    }

    [Fact]
    public void A_blur_sigma_in_model_voxels_equals_the_fraction_that_gives_the_same_heatmap_sigma()
    {
        var (tmp, common) = Setup();
        using var _ = tmp;
        // 6.25 voxels at 16 Å on the stride-4 grid = 1000 Å / 16 / 4 * 0.1 = 1.5625 heatmap voxels.
        var sigma = Predict(tmp, common, "sigma.csv", "--blur-sigma", "6.25");
        Assert.Equal(Predict(tmp, common, "fraction.csv", "--blur", "0.1", "--nms-a", "1000"), sigma);
        Assert.NotEqual(Predict(tmp, common, "none.csv"), sigma);
    }

    [Fact]
    public void Both_blur_options_at_once_are_refused()
    {
        var (tmp, common) = Setup();
        using var _ = tmp;
        var (exit, output) = CliRunner.Run([.. common, "--blur", "0.1", "--blur-sigma", "6.25", "--out", tmp.File("c.csv")]);
        Assert.Equal(1, exit);
        Assert.Contains("--blur-sigma and --blur", output);
        Assert.False(File.Exists(tmp.File("c.csv")));
    }

    [Fact]
    public void A_named_tta_set_predicts_as_its_codes_written_out()
    {
        var (tmp, common) = Setup();
        using var _ = tmp;
        Assert.Equal(Predict(tmp, common, "codes.csv", "--tta", "zyx,zxy,zyx_x,zyx_y,zyx_z"), Predict(tmp, common, "ref5.csv", "--tta", "ref5"));
    }
}
