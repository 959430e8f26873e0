using System.Text.Json;
using MotorPick.Portal.Download;
using MotorPick.Portal.Ingest;
using MotorPick.Portal.Processing;
using MotorPick.Portal.Selection;
using MotorPick.Portal.StandIn;
using MotorPick.Tests;

namespace MotorPick.Portal.Tests;

[Collection(StandInCollection.Name)]
public class IngestPipelineTests(StandInData data)
{
    [Fact]
    public async Task Faults_do_not_change_a_single_output_byte()
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        using var clean = Fixtures.TempDir();
        var first = await StandInData.IngestAsync(server, clean.Path);
        Assert.True(first.Fetched == 6, string.Join("\n", first.Outcomes.Select(o => $"{o.Item.TomoId} {o.Status} {o.Reason}")));
        Assert.Equal(0, first.Failed);

        server.Faults = new FaultInjector { Rate = 0.35, Seed = 11 };
        using var faulty = Fixtures.TempDir();
        var second = await StandInData.IngestAsync(server, faulty.Path, new IngestOptions { OutDir = "", DownloadWorkers = 4, ProcessWorkers = 2 });
        Assert.True(second.Fetched == 6, string.Join("\n", second.Outcomes.Select(o => $"{o.Item.TomoId} {o.Status} {o.Reason}")));
        Assert.True(server.Faults.TotalInjected >= 10, $"only {server.Faults.TotalInjected} faults were injected");
        Assert.True(second.Retries > 0);
        foreach (var kind in new[] { FaultKind.Status500, FaultKind.Status503, FaultKind.DropMidBody, FaultKind.Truncate, FaultKind.WrongContentLength })
            Assert.True(server.Faults.Injected.GetValueOrDefault(kind) > 0, $"no {kind} fault was injected");

        var expected = StandInData.Outputs(clean.Path);
        Assert.Contains(expected.Keys, k => k.StartsWith("meta", StringComparison.Ordinal));
        StandInData.AssertSameOutputs(expected, StandInData.Outputs(faulty.Path));
        Assert.False(Directory.Exists(Path.Combine(faulty.Path, "raw", data.RunNames[0])), "raw files are deleted after processing");
    }

    [Fact]
    public async Task Mrc_ingest_with_faults_gives_the_same_outputs_as_zarr()
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        using var zarr = Fixtures.TempDir();
        await StandInData.IngestAsync(server, zarr.Path);
        server.Faults = new FaultInjector { Rate = 0.5, Seed = 3 };
        using var mrc = Fixtures.TempDir();
        var report = await StandInData.IngestAsync(server, mrc.Path, request: new SelectionRequest { MotorRuns = true, Format = RawFormat.Mrc });
        Assert.Equal(6, report.Fetched);
        StandInData.AssertSameOutputs(StandInData.Outputs(zarr.Path), StandInData.Outputs(mrc.Path));
    }

    [Theory]
    [InlineData(RawFormat.Zarr, 0.25)]
    [InlineData(RawFormat.Zarr, 0.6)]
    [InlineData(RawFormat.Mrc, 0.5)]
    public async Task Killed_and_rerun_fetches_no_complete_file_again_and_ends_identical(RawFormat format, double killAt)
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        var request = new SelectionRequest { MotorRuns = true, Format = format };
        using var reference = Fixtures.TempDir();
        await StandInData.IngestAsync(server, reference.Path, request: request);
        var totalBytes = server.BytesServed;

        using var dir = Fixtures.TempDir();
        using var cts = new CancellationTokenSource();
        var options = new IngestOptions { OutDir = "", KeepRaw = true, DownloadWorkers = 3 };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StandInData.IngestAsync(server, dir.Path, options, request, cts.Token,
            p => p.Counters.BytesArrived += (_, _) => { if (p.Counters.BytesReceived > totalBytes * killAt) cts.Cancel(); }).WaitAsync(TimeSpan.FromSeconds(30)));

        // What was complete at the kill: final-named raw files, and the tomograms with outputs.
        var complete = CompleteRawFiles(dir.Path);
        var partialMrc = Directory.EnumerateFiles(dir.Path, "*" + HttpDownloader.PartialSuffix, SearchOption.AllDirectories).ToList();
        var done = data.RunNames.Where(n => IngestPipeline.IsComplete(dir.Path, n)).ToList();
        server.FileRequests.Clear();
        var served = server.BytesServed;

        var report = await StandInData.IngestAsync(server, dir.Path, options, request).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(report.Failed == 0, string.Join("; ", report.Outcomes.Where(o => o.Status == IngestStatus.Failed).Select(o => $"{o.Item.Run.Name}: {o.Reason}")));
        Assert.Equal(done.Count, report.Skipped);
        foreach (var (run, file) in complete)
        {
            var key = run + "/" + file;
            Assert.DoesNotContain(server.FileRequests.Keys, k => k.EndsWith(key, StringComparison.Ordinal) && k.Contains("/" + run + "/", StringComparison.Ordinal));
        }
        foreach (var run in done) Assert.DoesNotContain(server.FileRequests.Keys, k => k.Contains("/" + run + "/", StringComparison.Ordinal));
        if (format == RawFormat.Mrc && partialMrc.Count > 0)
            Assert.True(server.BytesServed - served < totalBytes, "partial MRC files were continued, not fetched again");
        StandInData.AssertSameOutputs(StandInData.Outputs(reference.Path), StandInData.Outputs(dir.Path));
    }

    [Fact]
    public async Task The_queue_and_the_byte_budget_bound_what_waits_for_processing()
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        using var dir = Fixtures.TempDir();
        var options = new IngestOptions { OutDir = "", DownloadWorkers = 6, ProcessWorkers = 1, QueueCapacity = 1, ByteBudget = 300_000 };
        var report = await StandInData.IngestAsync(server, dir.Path, options);
        Assert.Equal(6, report.Fetched);
        Assert.InRange(report.PeakQueued, 1, 1);
        // Each zarr level 0 here is ~0.3-0.4 MB: the budget lets one tomogram in at a time (an oversize one alone).
        Assert.True(report.PeakBudgetBytes <= Math.Max(300_000, report.Outcomes.Max(o => o.Item.ExpectedBytes)), $"peak {report.PeakBudgetBytes}");
    }

    [Fact]
    public async Task Meta_files_have_the_reference_keys_in_order_and_the_wrapped_run_is_fixed()
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        using var dir = Fixtures.TempDir();
        await StandInData.IngestAsync(server, dir.Path);
        foreach (var run in data.RunNames)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(ReferenceMeta.MetaPath(dir.Path, run)));
            Assert.Equal(ReferenceMeta.Keys, doc.RootElement.EnumerateObject().Select(p => p.Name).ToList());
            Assert.Equal(16.0, doc.RootElement.GetProperty("target_spacing").GetDouble());
            Assert.Equal([20, 60, 60], doc.RootElement.GetProperty("target_shape").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(20, Directory.GetFiles(TomogramProcessor.SliceDirectory(dir.Path, run), "slice_*.jpg").Length);
            // The preferred policy takes the raw tomogram (odd ids in the stand-in).
            Assert.Equal(1, doc.RootElement.GetProperty("PORTAL__id").GetInt64() % 2);
        }
        var text = File.ReadAllText(ReferenceMeta.MetaPath(dir.Path, "mba2011-02-16-1"));
        Assert.Contains("\"detected_as_uint8_range\": true", text);
        Assert.StartsWith("{\"tomo_id\": \"mba2011-02-16-1\", \"ori_spacing\": 10.0, \"PORTAL__alignment_id\": ", text);
        var labels = File.ReadAllLines(Path.Combine(dir.Path, "portal_labels.csv"));
        Assert.Equal("row_id,tomo_id,Motor axis 0,Motor axis 1,Motor axis 2,Array shape (axis 0),Array shape (axis 1),Array shape (axis 2),Voxel spacing,Number of motors", labels[0]);
    }

    [Fact]
    public async Task Policy_first_takes_the_lowest_tomogram_id_and_missing_runs_are_reported()
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        using var http = Api.PortalHttp.CreateClient();
        var client = new Api.PortalClient(new Api.GraphQlClient(http, server.Endpoint, Api.RetryPolicy.Fast)) { PageSize = 2 };
        var names = data.RunNames.Take(3).Select(n => (n, (int?)null)).Append(("mba2011-07-18-1", (int?)10268)).ToList();
        var first = await IngestSelector.SelectAsync(client, new SelectionRequest { RunNames = names, Policy = TomogramPolicy.First });
        Assert.Equal(["mba2011-07-18-1"], first.MissingRuns);
        Assert.Equal(3, first.Items.Count);
        Assert.All(first.Items, i => Assert.Equal("denoised", i.Tomogram.Processing));
        var preferred = await IngestSelector.SelectAsync(client, new SelectionRequest { RunNames = names });
        Assert.All(preferred.Items, i => Assert.Equal("raw", i.Tomogram.Processing));
        Assert.All(preferred.Items, i => Assert.NotNull(i.Points));
        var byDataset = await IngestSelector.SelectAsync(client, new SelectionRequest { DatasetIds = [10001] });
        Assert.Equal(3, byDataset.Items.Count);
    }

    /// <summary>(run, file name) of every final-named raw file (zarr chunks and metadata, MRC, points).</summary>
    private static List<(string Run, string File)> CompleteRawFiles(string outDir)
    {
        var raw = Path.Combine(outDir, "raw");
        if (!Directory.Exists(raw)) return [];
        var list = new List<(string, string)>();
        foreach (var runDir in Directory.GetDirectories(raw))
        {
            var run = Path.GetFileName(runDir);
            foreach (var f in Directory.EnumerateFiles(runDir, "*", SearchOption.AllDirectories))
            {
                if (Core.AtomicFile.IsTempName(f) || Path.GetFileName(f).StartsWith(".motorpick", StringComparison.Ordinal) || f.EndsWith("_points.ndjson", StringComparison.Ordinal)) continue;
                list.Add((run, Path.GetRelativePath(runDir, f).Replace(Path.DirectorySeparatorChar, '/')));
            }
        }
        return list;
    }
}
