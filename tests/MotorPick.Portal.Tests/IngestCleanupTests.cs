using MotorPick.Core;
using MotorPick.Portal.Download;
using MotorPick.Portal.Ingest;
using MotorPick.Portal.StandIn;
using MotorPick.Tests;

namespace MotorPick.Portal.Tests;

/// <summary>The ingest deletes raw downloads and leftovers only inside its output folder (issue 19).</summary>
[Collection(StandInCollection.Name)]
public class IngestCleanupTests(StandInData data)
{
    [Fact]
    public async Task Removing_a_raw_download_deletes_a_planted_link_not_the_folder_it_points_to()
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        using var tmp = Fixtures.TempDir();
        var outDir = Path.Combine(tmp.Path, "out");
        await StandInData.IngestAsync(server, outDir, new IngestOptions { OutDir = "", KeepRaw = true });

        // Someone replaces a run's raw folder with a link to a folder of theirs (or of the user's).
        var victim = Directory.CreateDirectory(Path.Combine(tmp.Path, "victim")).FullName;
        File.WriteAllText(Path.Combine(victim, "data.txt"), "keep");
        var raw = RawLayout.RunDirectory(RawLayout.DefaultRoot(outDir), data.RunNames[0]);
        Directory.Delete(raw, recursive: true);
        Directory.CreateSymbolicLink(raw, victim);

        var report = await StandInData.IngestAsync(server, outDir);
        Assert.Equal(6, report.Skipped);
        Assert.False(Path.Exists(raw));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(victim, "data.txt")));
    }

    [Fact]
    public async Task The_leftover_sweep_does_not_follow_a_link_out_of_the_output_folder()
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        using var tmp = Fixtures.TempDir();
        var outDir = Directory.CreateDirectory(Path.Combine(tmp.Path, "out")).FullName;
        // A folder elsewhere that holds a name like a leftover, reachable through a link in the output folder.
        var victim = Directory.CreateDirectory(Path.Combine(tmp.Path, "victim")).FullName;
        var lookalike = Directory.CreateDirectory(Path.Combine(victim, "x" + AtomicFile.TempMarker + "1-a")).FullName;
        File.WriteAllText(Path.Combine(lookalike, "data.txt"), "keep");
        Directory.CreateSymbolicLink(Path.Combine(outDir, "linked"), victim);

        var report = await StandInData.IngestAsync(server, outDir);
        Assert.Equal(6, report.Fetched);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(lookalike, "data.txt")));
    }
}
