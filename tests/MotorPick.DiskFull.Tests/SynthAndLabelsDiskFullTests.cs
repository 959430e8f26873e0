using MotorPick.Tests;

namespace MotorPick.DiskFull.Tests;

/// <summary><c>synth</c> and <c>labels gt</c> into a full filesystem: a clear failure, nothing half-written, a rerun that
/// completes with the outputs of a run with enough space.</summary>
public sealed class SynthAndLabelsDiskFullTests
{
    private static readonly string[] Synth = ["synth", "--preset", "tiny", "--count", "2", "--threads", "1"];

    [SmallFsFact]
    public void Synth_fails_cleanly_keeps_no_partial_tomogram_and_resumes_to_the_same_dataset()
    {
        using var expected = Fixtures.TempDir();
        Cli.Ok([.. Synth, "--out", expected.Path]);

        using var fs = new SmallFilesystem(160);
        var output = fs.File("data");
        var message = Cli.FailsFull([.. Synth, "--out", output]);
        Assert.StartsWith($"error: No space left on device writing {output}/train/tomo_", message);
        // A tomogram directory is there only when complete (the first may have fitted); the table is written last.
        foreach (var tomo in Directory.Exists(fs.File("data", "train")) ? Directory.GetDirectories(fs.File("data", "train")) : [])
            Assert.Equal(32, Directory.GetFiles(tomo, "slice_*.jpg").Length);
        Assert.False(File.Exists(fs.File("data", "train_labels.csv")));
        Assert.Empty(Cli.TempEntries(fs.Path));

        fs.Resize(2048);
        Cli.Ok([.. Synth, "--out", output]);
        Cli.SameTree(Cli.Tree(expected.Path), Cli.Tree(output));
    }

    [SmallFsFact]
    public void Labels_gt_fails_with_the_table_size_leaves_no_table_and_rerun_writes_it()
    {
        var labels = Fixtures.Path("reference", "train_labels_v2.csv");
        using var expected = Fixtures.TempDir();
        Cli.Ok("labels", "gt", "--labels", labels, "--out", expected.File("gt_v2.csv"));
        var size = new FileInfo(expected.File("gt_v2.csv")).Length;

        using var fs = new SmallFilesystem(256);
        var filler = fs.Fill(leaveKiB: 16);
        var output = fs.File("gt_v2.csv");
        var message = Cli.FailsFull("labels", "gt", "--labels", labels, "--out", output);
        var onDisk = MotorPick.Core.DiskSpace.Format(MotorPick.Core.DiskSpace.OnDisk(size));
        Assert.StartsWith($"error: No space left on device writing {output}: needed about ", message);
        Assert.Contains($"({onDisk} to write, 16.0 KB free on {fs.Path})", message);
        Assert.False(File.Exists(output));
        Assert.Empty(Cli.TempEntries(fs.Path));

        File.Delete(filler);
        Cli.Ok("labels", "gt", "--labels", labels, "--out", output);
        Assert.Equal(File.ReadAllBytes(expected.File("gt_v2.csv")), File.ReadAllBytes(output));
    }
}
