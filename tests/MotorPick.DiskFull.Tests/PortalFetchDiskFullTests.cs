using MotorPick.Portal.StandIn;
using MotorPick.Tests;

namespace MotorPick.DiskFull.Tests;

/// <summary><c>portal fetch</c> (the local stand-in portal, two tiny runs) into a full filesystem.</summary>
public sealed class PortalFetchDiskFullTests
{
    [SmallFsFact]
    public async Task Mrc_fetch_refuses_a_download_that_cannot_fit_and_resumes_after_space_is_freed()
    {
        using var data = Fixtures.TempDir();
        SyntheticPortalData.Write(data.Path, new SyntheticPortalOptions { Count = 2, IncludeWrapped = false });
        await using var server = await LocalPortalServer.StartAsync(data.Path);
        string[] Fetch(string output) =>
            ["portal", "fetch", "--motor-runs", "--format", "mrc", "--endpoint", server.Endpoint, "--out", output, "--download-workers", "1", "--threads", "1"];
        using var expected = Fixtures.TempDir();
        Cli.Ok(Fetch(expected.Path));

        // Downloads run ahead of processing, so a run of two needs room for both raw files at once: 4 MiB.
        using var fs = new SmallFilesystem(4096);
        var filler = fs.Fill(leaveKiB: 512);
        var output = fs.File("ext");
        var message = Cli.FailsFull(Fetch(output));
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(message,
            $@"download: Not enough space for {output}/raw/tomo_\w+/tomo_\w+\.mrc: needs about 1\.1 MB, 5\d\d\.\d KB free on {fs.Path}"), message);
        Assert.False(Directory.Exists(fs.File("ext", "tomogram")) && Directory.EnumerateFileSystemEntries(fs.File("ext", "tomogram")).Any());
        Assert.Empty(Cli.TempEntries(fs.Path));

        File.Delete(filler);
        Cli.Ok(Fetch(output));
        Cli.SameTree(Cli.Tree(expected.Path), Cli.Tree(output));
    }

    [SmallFsFact]
    public async Task Fetch_reports_the_full_disk_per_run_leaves_no_partial_tomogram_and_resumes_to_the_same_outputs()
    {
        using var data = Fixtures.TempDir();
        SyntheticPortalData.Write(data.Path, new SyntheticPortalOptions { Count = 2, IncludeWrapped = false });
        await using var server = await LocalPortalServer.StartAsync(data.Path);
        string[] Fetch(string output) =>
            ["portal", "fetch", "--motor-runs", "--endpoint", server.Endpoint, "--out", output, "--download-workers", "2", "--process-workers", "1", "--threads", "1"];
        using var expected = Fixtures.TempDir();
        Cli.Ok(Fetch(expected.Path));

        using var fs = new SmallFilesystem(768);
        var output = fs.File("ext");
        var message = Cli.FailsFull(Fetch(output));
        Assert.Contains($"No space left on device writing {output}/", message);
        // A run's slice directory appears only when complete; its meta JSON only after it.
        var tomograms = fs.File("ext", "tomogram");
        foreach (var dir in Directory.Exists(tomograms) ? Directory.GetDirectories(tomograms) : [])
            Assert.Equal(20, Directory.GetFiles(dir, "slice_*.jpg").Length);
        Assert.Empty(Cli.TempEntries(fs.Path));

        fs.Resize(8192);
        Cli.Ok(Fetch(output));
        Cli.SameTree(Cli.Tree(expected.Path), Cli.Tree(output));
    }
}
