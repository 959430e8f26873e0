using MotorPick.Tests;

namespace MotorPick.DiskFull.Tests;

/// <summary><c>volume convert</c> into a filesystem too small for its output: a clear failure, nothing half-written, and a
/// rerun after space is freed that writes what a run with enough space writes.</summary>
public sealed class VolumeConvertDiskFullTests : IClassFixture<TinyData>
{
    private readonly TinyData _data;

    public VolumeConvertDiskFullTests(TinyData data) => _data = data;

    [SmallFsFact]
    public void Jpeg_slices_fail_cleanly_and_a_rerun_after_growing_the_filesystem_completes()
    {
        using var expected = Fixtures.TempDir();
        Cli.Ok("volume", "convert", _data.Mrc(0), expected.File("tomo"), "--normalize", "percentile");

        using var fs = new SmallFilesystem(64);
        var output = fs.File("tomo");
        var message = Cli.FailsFull("volume", "convert", _data.Mrc(0), output, "--normalize", "percentile");
        Assert.StartsWith($"error: No space left on device writing {output}/slice_", message);
        Assert.Contains($"free on {fs.Path})", message);
        Assert.False(Directory.Exists(output), "a partial slice directory was left under the final name");
        Assert.Empty(Cli.TempEntries(fs.Path));

        fs.Resize(1024);
        Cli.Ok("volume", "convert", _data.Mrc(0), output, "--normalize", "percentile");
        Cli.SameTree(Cli.Tree(expected.File("tomo")), Cli.Tree(output));
    }

    [SmallFsFact]
    public void Ome_zarr_fails_cleanly_and_a_rerun_after_freeing_space_completes()
    {
        using var expected = Fixtures.TempDir();
        Cli.Ok("volume", "convert", _data.Mrc(0), expected.File("tomo.zarr"));

        using var fs = new SmallFilesystem(2048);
        var filler = fs.Fill(leaveKiB: 256);
        var output = fs.File("tomo.zarr");
        var message = Cli.FailsFull("volume", "convert", _data.Mrc(0), output);
        Assert.StartsWith($"error: No space left on device writing {output}: needed about ", message);
        Assert.False(Directory.Exists(output), "a partial zarr store was left under the final name");
        Assert.Empty(Cli.TempEntries(fs.Path));

        File.Delete(filler);
        Cli.Ok("volume", "convert", _data.Mrc(0), output);
        Cli.SameTree(Cli.Tree(expected.File("tomo.zarr")), Cli.Tree(output));
    }

    [SmallFsFact]
    public void Mrc_directory_conversion_refuses_what_does_not_fit_keeps_what_did_and_resumes()
    {
        using var expected = Fixtures.TempDir();
        Cli.Ok("volume", "convert", _data.MrcDir, expected.File("out"), "--to", "mrc");

        // Room for one 1.1 MB MRC of the two: the first is written, the second refused before writing.
        using var fs = new SmallFilesystem(1700);
        var output = fs.File("out");
        var message = Cli.FailsFull("volume", "convert", _data.MrcDir, output, "--to", "mrc");
        Assert.StartsWith($"error: Not enough space for {output}/{_data.Names[1]}.mrc: needs about 1.1 MB, ", message);
        Assert.Contains($" free on {fs.Path}; free at least ", message);
        Assert.Equal([$"{_data.Names[0]}.mrc"], Directory.GetFiles(output).Select(Path.GetFileName));
        Assert.Empty(Cli.TempEntries(fs.Path));

        fs.Resize(4096);
        var rerun = Cli.Ok("volume", "convert", _data.MrcDir, output, "--to", "mrc");
        Assert.Contains("1 converted, 1 already there", rerun);
        Cli.SameTree(Cli.Tree(expected.File("out")), Cli.Tree(output));
    }
}
