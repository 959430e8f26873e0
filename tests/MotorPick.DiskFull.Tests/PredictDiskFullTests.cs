using MotorPick.Formats.Jpeg;
using MotorPick.Inference.Models;
using MotorPick.Tests;
using MotorPick.Volumes.Geometry;

namespace MotorPick.DiskFull.Tests;

/// <summary><c>predict --save-heatmaps</c> onto a full filesystem (the fixture ONNX network, two 20x48x64 tomograms).</summary>
public sealed class PredictDiskFullTests
{
    [SmallFsFact]
    public void Heatmaps_that_do_not_fit_are_refused_finished_tomograms_are_kept_and_the_rerun_matches()
    {
        using var tmp = Fixtures.TempDir();
        var model = tmp.File("tiny.onnx");
        File.Copy(Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), model);
        new ModelCard { Name = "tiny", Stride = 4, TargetSpacing = 16, PatchSize = [16, 32, 32], InputName = "image", OutputName = "logits" }.Save(model + ".json");
        WriteStack(Path.Combine(tmp.Path, "data", "tomo_aaaaaa"), 1);
        WriteStack(Path.Combine(tmp.Path, "data", "tomo_bbbbbb"), 2);
        string[] Predict(string heatmaps, string output) =>
            ["predict", "--model", model, "--data", tmp.File("data"), "--assume-spacing", "16", "--conf", "0.0", "--save-heatmaps", heatmaps, "--out", output];
        Cli.Ok(Predict(tmp.File("expected-heat"), tmp.File("expected.csv")));

        // One 4 KiB page free: the first heatmap (about 2 KB) fits, the second is refused before it is written.
        using var fs = new SmallFilesystem(64);
        var filler = fs.Fill(leaveKiB: 4);
        var heat = fs.File("heat");
        var message = Cli.FailsFull(Predict(heat, tmp.File("c.csv")));
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(message,
            $@"^error: Not enough space for {heat}/[^/]+/tomo_bbbbbb\.npy: needs about 4.0 KB, \d+ bytes free on {fs.Path};"), message);
        Assert.Single(Directory.GetFiles(heat, "*.npy", SearchOption.AllDirectories));
        Assert.False(File.Exists(tmp.File("c.csv")));
        Assert.Empty(Cli.TempEntries(fs.Path));

        File.Delete(filler);
        Cli.Ok(Predict(heat, tmp.File("c.csv")));
        Cli.SameTree(Cli.Tree(tmp.File("expected-heat")), Cli.Tree(heat));
        Assert.Equal(File.ReadAllBytes(tmp.File("expected.csv")), File.ReadAllBytes(tmp.File("c.csv")));
    }

    private static void WriteStack(string dir, int seed)
    {
        const int z = 20, y = 48, x = 64;
        using var w = new JpegSliceStackWriter(dir, z, y, x);
        var planes = new byte[z * y * x];
        new Random(seed).NextBytes(planes);
        w.WriteSlices(0, planes);
        w.Complete();
    }
}
