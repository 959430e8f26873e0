using MotorPick.Core;
using MotorPick.Portal.Api;
using MotorPick.Portal.Ingest;
using MotorPick.Portal.Selection;
using MotorPick.Tests;

namespace MotorPick.Portal.Tests;

/// <summary>A run name from a GraphQL answer becomes folder names: a hostile one fails its run alone and never reaches
/// the file system (issue 19).</summary>
[Collection(StandInCollection.Name)]
public class RunNameIdentifierTests(StandInData data)
{
    [Theory]
    [InlineData("../../../../somewhere")]
    [InlineData("..")]
    public async Task A_run_name_that_leaves_the_output_folder_fails_that_run_and_touches_nothing_outside(string hostile)
    {
        await using var server = await Portal.StandIn.LocalPortalServer.StartAsync(data.DataDir);
        var victim = server.Catalogue.Roots["runs"][1];
        victim["name"] = hostile;

        using var tmp = Fixtures.TempDir();
        // Deep enough that every '..' of the name, joined to any output subfolder, stays inside the temporary folder.
        var outDir = Path.Combine([tmp.Path, .. Enumerable.Range(0, 10).Select(i => $"d{i}"), "out"]);
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "keep.txt"), "mine");
        // What the raw-download folder of the run would have been: a folder with data of its own.
        var somewhere = Path.GetFullPath(Path.Combine(outDir, "raw", hostile));
        Directory.CreateDirectory(somewhere);
        File.WriteAllText(Path.Combine(somewhere, "data.txt"), "not the ingest's");
        var outside = Outside(tmp.Path, outDir);

        var report = await StandInData.IngestAsync(server, outDir);

        var failed = Assert.Single(report.Outcomes, o => o.Status == IngestStatus.Failed);
        Assert.Equal(hostile, failed.Item.TomoId);
        Assert.Contains($"portal run {victim.Id} of dataset", failed.Reason);
        Assert.Contains("is not a valid identifier", failed.Reason);
        Assert.Equal(5, report.Fetched);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(outDir, "keep.txt")));
        Assert.Equal("not the ingest's", File.ReadAllText(Path.Combine(somewhere, "data.txt")));
        Assert.Equal(outside, Outside(tmp.Path, outDir));
        Assert.Equal(5, Directory.GetDirectories(Path.Combine(outDir, "tomogram")).Length);
    }

    [Fact]
    public void A_label_file_with_a_hostile_run_name_is_refused_naming_file_line_and_field()
    {
        using var tmp = Fixtures.TempDir();
        var csv = Path.Combine(tmp.Path, "external.csv");
        File.WriteAllText(csv, "tomo_id,dataset_id\nTS_026,10001\n../evil,10001\n");
        var ex = Assert.Throws<MotorPickException>(() => IngestSelector.ReadRunNames(csv));
        Assert.Equal((csv, 3L, "tomo_id"), (ex.Path, ex.Line, ex.Field));
        Assert.Contains("'../evil' is not a valid identifier", ex.Message);
    }

    [Theory]
    [InlineData("../../0/.zarray")]
    [InlineData("/tmp/0/.zarray")]
    [InlineData("0//0.0.0")]
    public void A_zarr_key_that_would_leave_the_mirror_is_refused(string key)
    {
        using var tmp = Fixtures.TempDir();
        using var http = new HttpClient();
        var store = new Download.HttpChunkStore(new Download.HttpDownloader(http, RetryPolicy.Fast, 1, new Download.TransferCounters()),
            "https://example.invalid/t.zarr", "t", tmp.Path);
        Assert.Equal(Path.Combine(tmp.Path, "0", ".zarray"), store.MirrorPath("0/.zarray"));
        var ex = Assert.Throws<MotorPickException>(() => store.MirrorPath(key));
        Assert.Contains("zarr key", ex.Message);
    }

    /// <summary>Every file and folder under <paramref name="root"/> that is not inside <paramref name="outDir"/>.</summary>
    private static List<string> Outside(string root, string outDir) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Where(p => p != outDir && !p.StartsWith(outDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
}
