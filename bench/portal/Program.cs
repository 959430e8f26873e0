// Portal ingest benchmark (not part of the test run):
//   1. download throughput from the local stand-in: MotorPick's HttpDownloader vs curl, same MRC files, loopback, to disk;
//   2. end-to-end ingest rate (tomograms/min, MB/s of raw data) with 1 and 2 process workers.
// Usage: dotnet run -c Release --project bench/portal -- [--count 4] [--shape 96,320,320] [--work /tmp/mp-bench-portal]
using System.Diagnostics;
using System.Globalization;
using MotorPick.Portal.Api;
using MotorPick.Portal.Download;
using MotorPick.Portal.Ingest;
using MotorPick.Portal.Processing;
using MotorPick.Portal.Selection;
using MotorPick.Portal.StandIn;

var count = Arg("--count", 4);
var shape = ArgS("--shape", "96,320,320").Split(',').Select(int.Parse).ToArray();
var work = ArgS("--work", Path.Combine(Path.GetTempPath(), "mp-bench-portal"));
var data = Path.Combine(work, "data");
if (!Directory.Exists(Path.Combine(data, "portal")))
{
    var sw0 = Stopwatch.StartNew();
    SyntheticPortalData.Write(data, new SyntheticPortalOptions { Count = count, Shape = shape, Spacing = 10.0, ChunkSize = 64, IncludeWrapped = false });
    Console.WriteLine($"synthetic data: {count} x {string.Join("x", shape)} in {sw0.Elapsed.TotalSeconds:0.0} s");
}
await using var server = await LocalPortalServer.StartAsync(data);
using var http = PortalHttp.CreateClient(32);
var client = new PortalClient(new GraphQlClient(http, server.Endpoint));
var mrc = await IngestSelector.SelectAsync(client, new SelectionRequest { MotorRuns = true, Format = RawFormat.Mrc });
var urls = mrc.Items.Select(i => i.Tomogram.HttpsMrcFile!).ToList();
var totalBytes = mrc.Items.Sum(i => i.Tomogram.FileSizeMrc ?? 0);
Console.WriteLine($"{urls.Count} MRC files, {totalBytes / 1e6:0.0} MB in all");

var rows = new List<(string What, double MBps)>();
for (var round = 0; round < 3; round++)
{
    rows.Add(("curl, one file at a time", await Curl(urls, 1)));
    rows.Add(("MotorPick, one file at a time", await Ours(1)));
    rows.Add(("curl, 4 files at once", await Curl(urls, 4)));
    rows.Add(("MotorPick, 4 files at once", await Ours(4)));
}
Console.WriteLine();
Console.WriteLine("| download (loopback, to disk) | MB/s (median of 3) | best |");
Console.WriteLine("|---|---:|---:|");
foreach (var g in rows.GroupBy(r => r.What))
{
    var v = g.Select(r => r.MBps).Order().ToList();
    Console.WriteLine($"| {g.Key} | {v[v.Count / 2]:0} | {v[^1]:0} |");
}

Console.WriteLine();
Console.WriteLine("| ingest (zarr level 0, 16 A, JPEG) | tomograms/min | raw MB/s | s |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var workers in new[] { 1, 2 })
{
    var selection = await IngestSelector.SelectAsync(client, new SelectionRequest { MotorRuns = true });
    var outDir = Path.Combine(work, $"ingest-{workers}");
    if (Directory.Exists(outDir)) Directory.Delete(outDir, true);
    var sw = Stopwatch.StartNew();
    var pipeline = new IngestPipeline(http, new IngestOptions { OutDir = outDir, DownloadWorkers = 8, ProcessWorkers = workers, QueueCapacity = workers + 1 });
    var report = await pipeline.RunAsync(selection);
    var s = sw.Elapsed.TotalSeconds;
    var rawMb = selection.Items.Sum(i => (double)i.Tomogram.SizeX * i.Tomogram.SizeY * i.Tomogram.SizeZ * 4) / 1e6;
    Console.WriteLine($"| {workers} process worker{(workers > 1 ? "s" : "")} ({report.Fetched} fetched, {report.Failed} failed) | {report.Fetched * 60 / s:0.0} | {rawMb / s:0.0} | {s:0.0} |");
}
return 0;

async Task<double> Ours(int parallel)
{
    var dir = Path.Combine(work, "ours");
    if (Directory.Exists(dir)) Directory.Delete(dir, true);
    Directory.CreateDirectory(dir);
    var downloader = new HttpDownloader(http, new RetryPolicy(), parallel, new TransferCounters());
    var sw = Stopwatch.StartNew();
    await Parallel.ForEachAsync(urls.Select((u, i) => (u, i)), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (x, ct) =>
        await downloader.DownloadFileAsync(x.u, Path.Combine(dir, $"{x.i}.mrc"), null, "bench", null, ct));
    return totalBytes / 1e6 / sw.Elapsed.TotalSeconds;
}

async Task<double> Curl(IReadOnlyList<string> list, int parallel)
{
    var dir = Path.Combine(work, "curl");
    if (Directory.Exists(dir)) Directory.Delete(dir, true);
    Directory.CreateDirectory(dir);
    var sw = Stopwatch.StartNew();
    await Parallel.ForEachAsync(list.Select((u, i) => (u, i)), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (x, ct) =>
    {
        using var p = Process.Start(new ProcessStartInfo("curl", ["-s", "-f", "-o", Path.Combine(dir, $"{x.i}.mrc"), x.u]))!;
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0) throw new InvalidOperationException($"curl failed ({p.ExitCode}) on {x.u}");
    });
    return totalBytes / 1e6 / sw.Elapsed.TotalSeconds;
}

int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
string ArgS(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
