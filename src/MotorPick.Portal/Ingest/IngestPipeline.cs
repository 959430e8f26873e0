using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using MotorPick.Core;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Portal.Api;
using MotorPick.Portal.Download;
using MotorPick.Portal.Processing;
using MotorPick.Portal.Selection;

namespace MotorPick.Portal.Ingest;

/// <summary>
/// Download stage -> bounded queue -> process stage. Downloads run concurrently (at most
/// <see cref="IngestOptions.DownloadWorkers"/> HTTP transfers and tomograms at once, and only while the raw bytes
/// not yet processed fit <see cref="IngestOptions.ByteBudget"/>); a finished download waits for room in a queue of
/// <see cref="IngestOptions.QueueCapacity"/>; <see cref="IngestOptions.ProcessWorkers"/> workers take from it. A run whose
/// outputs are complete is skipped; a failure is reported for its run and the others go on. Cancelling leaves every
/// completed file in place and partial files ready to be continued.
/// </summary>
public sealed class IngestPipeline(HttpClient http, IngestOptions options, RetryPolicy? policy = null, IIngestObserver? observer = null)
{
    private readonly RetryPolicy _policy = policy ?? new RetryPolicy();
    private readonly IIngestObserver _observer = observer ?? new NullObserver();
    private int _peakQueued;

    /// <summary>Transfer counters of the last <see cref="RunAsync"/> (live while it runs).</summary>
    public TransferCounters Counters { get; } = new();

    public async Task<IngestReport> RunAsync(SelectionResult selection, CancellationToken ct = default)
    {
        var sw = Stopwatch.StartNew();
        var outDir = Path.GetFullPath(options.OutDir);
        Directory.CreateDirectory(outDir);
        var rawRoot = Path.GetFullPath(options.RawDir ?? RawLayout.DefaultRoot(outDir));
        var outcomes = new List<IngestOutcome>();
        void Record(IngestOutcome o) { lock (outcomes) outcomes.Add(o); }

        // A run name from the portal becomes folder and file names: one that is not an identifier fails its run
        // before any path is built from it; the other runs go on.
        var items = new List<IngestItem>();
        foreach (var item in selection.Items)
        {
            if (Identifiers.IsValid(item.TomoId)) { items.Add(item); continue; }
            Record(new IngestOutcome(item, IngestStatus.Failed, BadRunName(item).Message, TimeSpan.Zero));
            _observer.Stage(item, IngestStage.Failed);
        }
        var shardIds = options.Shard is null ? null : items.Select(i => i.TomoId).ToHashSet(StringComparer.Ordinal);
        RemoveStaleTemporaries(outDir, shardIds);
        if (Directory.Exists(rawRoot) && !OwnedPaths.IsStrictlyInside(outDir, rawRoot)) RemoveStaleTemporaries(rawRoot, shardIds);
        Counters.BytesArrived += _observer.Bytes;
        var downloader = new HttpDownloader(http, _policy, options.DownloadWorkers, Counters);
        var tomograms = new TomogramDownloader(downloader, rawRoot, options.Format, options.Level, options.DownloadWorkers);
        var budget = new ByteBudget(options.ByteBudget);
        var slots = new SemaphoreSlim(Math.Max(1, options.DownloadWorkers));
        var queue = Channel.CreateBounded<(DownloadedTomogram Tomo, long Reserved, Stopwatch Clock)>(
            new BoundedChannelOptions(Math.Max(1, options.QueueCapacity)) { SingleReader = false, SingleWriter = false });
        var todo = new List<IngestItem>();
        foreach (var item in items)
        {
            if (IsComplete(outDir, item.TomoId))
            {
                // a run killed between processing and removing the raw download leaves it: remove it now
                if (!options.KeepRaw) DeleteRaw(rawRoot, item.TomoId);
                Record(new IngestOutcome(item, IngestStatus.Skipped, "outputs already complete", TimeSpan.Zero));
                _observer.Stage(item, IngestStage.Done);
            }
            else todo.Add(item);
        }

        var workers = Enumerable.Range(0, Math.Max(1, options.ProcessWorkers)).Select(_ => Task.Run(async () =>
        {
            await foreach (var (tomo, reserved, clock) in queue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                var item = tomo.Item;
                try
                {
                    _observer.Stage(item, IngestStage.Processing);
                    TomogramProcessor.Process(tomo, outDir, options.Process, ct);
                    if (!options.KeepRaw) DeleteRaw(rawRoot, item.TomoId);
                    Record(new IngestOutcome(item, IngestStatus.Fetched, null, clock.Elapsed));
                    _observer.Stage(item, IngestStage.Done);
                }
                catch (Exception ex) when (ex is MotorPickException or IOException or InvalidDataException)
                {
                    Record(new IngestOutcome(item, IngestStatus.Failed, "processing: " + ex.Message, clock.Elapsed));
                    _observer.Stage(item, IngestStage.Failed);
                }
                finally
                {
                    budget.Release(reserved);
                }
            }
        }, ct)).ToList();

        var downloads = new List<Task>();
        try
        {
            foreach (var item in todo)
            {
                var reserved = await budget.AcquireAsync(item.ExpectedBytes, ct).ConfigureAwait(false);
                await slots.WaitAsync(ct).ConfigureAwait(false);
                downloads.Add(Task.Run(async () =>
                {
                    var clock = Stopwatch.StartNew();
                    var queuedIt = false;
                    try
                    {
                        _observer.Stage(item, IngestStage.Downloading);
                        var tomo = await tomograms.DownloadAsync(item, ct).ConfigureAwait(false);
                        _observer.Stage(item, IngestStage.Queued);
                        await queue.Writer.WriteAsync((tomo, reserved, clock), ct).ConfigureAwait(false);
                        queuedIt = true;
                        InterlockedMax(ref _peakQueued, queue.Reader.Count);
                    }
                    catch (Exception ex) when (IsRunFailure(ex))
                    {
                        Record(new IngestOutcome(item, IngestStatus.Failed, "download: " + ex.Message, clock.Elapsed));
                        _observer.Stage(item, IngestStage.Failed);
                    }
                    finally
                    {
                        if (!queuedIt) budget.Release(reserved);
                        slots.Release();
                    }
                }, ct));
            }
            await Task.WhenAll(downloads).ConfigureAwait(false);
        }
        catch
        {
            // Cancelled or failed: let every download and process worker stop before reporting, so that nothing is
            // still writing outputs once the caller sees the exception (a rerun then sees a settled directory).
            queue.Writer.TryComplete();
            await Quietly(Task.WhenAll(downloads)).ConfigureAwait(false);
            await Quietly(Task.WhenAll(workers)).ConfigureAwait(false);
            throw;
        }
        finally
        {
            queue.Writer.TryComplete();
        }
        await Task.WhenAll(workers).ConfigureAwait(false);

        try
        {
            // Only our own raw/ goes when empty; a folder the user named stays.
            if (options.RawDir is null && Directory.Exists(rawRoot) && !Directory.EnumerateFileSystemEntries(rawRoot).Any()) Directory.Delete(rawRoot);
        }
        catch (IOException)
        {
            // Another shard began a download into raw/ meanwhile.
        }
        var labels = WriteLabels(outDir, items, IngestShards.LabelsFile(outDir, options.Shard));
        var ordered = outcomes.OrderBy(o => o.Item.TomoId, StringComparer.Ordinal).ToList();
        return new IngestReport(ordered, selection.MissingRuns, Counters.BytesReceived, Counters.BytesSkipped, Counters.Requests, Counters.Retries,
            sw.Elapsed, _peakQueued, budget.PeakHeld, labels);
    }

    /// <summary>Failures that belong to one run (its URL, its server's answers, its files) and so fail that run alone:
    /// every MotorPick error (bad scheme, oversized or corrupt body, refused metadata), I/O and HTTP errors, and what a
    /// corrupt answer can make the HTTP stack or a decoder throw. Cancellation and programming errors still end the ingest.</summary>
    internal static bool IsRunFailure(Exception ex) =>
        ex is MotorPickException or IOException or HttpRequestException or InvalidDataException or UriFormatException or NotSupportedException;

    /// <summary>The error of a run whose name is not an identifier: it names the run's id and dataset (where it came from).</summary>
    private static MotorPickException BadRunName(IngestItem item) =>
        new($"{Identifiers.Problem(item.TomoId, "the run name")}; nothing is written for this run",
            $"portal run {item.Run.Id} of dataset {item.Run.DatasetId}", field: "name");

    /// <summary>True when the meta file exists and the slice directory holds <c>target_shape[0]</c> slices.</summary>
    public static bool IsComplete(string outDir, string tomoId)
    {
        var meta = ReferenceMeta.MetaPath(outDir, tomoId);
        var slices = TomogramProcessor.SliceDirectory(outDir, tomoId);
        if (!File.Exists(meta) || !Directory.Exists(slices)) return false;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(meta));
            var z = doc.RootElement.GetProperty("target_shape")[0].GetInt32();
            return Directory.EnumerateFiles(slices, "slice_*.jpg").Count() == z;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Writes <c>portal_labels.csv</c> (competition train_labels layout, stored voxel coordinates) for every
    /// selected run that has labels on disk, sorted by run name.</summary>
    private static string? WriteLabels(string outDir, IReadOnlyList<IngestItem> items, string file)
    {
        var tomos = new List<TomogramLabels>();
        foreach (var item in items.OrderBy(i => i.TomoId, StringComparer.Ordinal))
        {
            var path = TomogramProcessor.LabelPath(outDir, item.TomoId);
            var meta = ReferenceMeta.MetaPath(outDir, item.TomoId);
            if (!File.Exists(path) || !File.Exists(meta)) continue;
            using var labels = JsonDocument.Parse(File.ReadAllText(path));
            using var m = JsonDocument.Parse(File.ReadAllText(meta));
            var shape = m.RootElement.GetProperty("target_shape");
            var motors = labels.RootElement.GetProperty("motors_zyx").EnumerateArray()
                .Select(p => new Point3(p[0].GetDouble(), p[1].GetDouble(), p[2].GetDouble())).ToList();
            tomos.Add(new TomogramLabels(item.TomoId, new TomoShape(shape[0].GetInt32(), shape[1].GetInt32(), shape[2].GetInt32()),
                m.RootElement.GetProperty("target_spacing").GetDouble(), motors));
        }
        if (tomos.Count == 0) return null;
        TrainLabelsFile.Write(file, TrainLabelsTable.FromTomograms(tomos));
        return file;
    }

    /// <summary>Deletes temporary files and staging directories left by a killed run (partial downloads stay: they are resumed).
    /// With <paramref name="onlyFor"/> (a shard) only those of its runs: other shards may be writing theirs right now.</summary>
    private static void RemoveStaleTemporaries(string outDir, IReadOnlySet<string>? onlyFor)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(outDir, "*" + AtomicFile.TempMarker + "*", SearchOption.AllDirectories).ToList())
        {
            if (entry.EndsWith(HttpDownloader.PartialSuffix, StringComparison.Ordinal)) continue;
            if (onlyFor is not null && !IngestShards.BelongsTo(outDir, entry, onlyFor)) continue;
            try
            {
                OwnedPaths.EnsureInside(outDir, entry, "delete this leftover");
                if (Directory.Exists(entry) && new FileInfo(entry).LinkTarget is null) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or MotorPickException)
            {
                // Best effort: a leftover temporary never counts as an output (and one outside the folder is not ours).
            }
        }
    }

    private static void DeleteRaw(string rawRoot, string tomoId)
    {
        var dir = RawLayout.RunDirectory(rawRoot, tomoId);
        if (!Directory.Exists(dir)) return;
        OwnedPaths.EnsureInside(rawRoot, dir, "delete this raw download");
        if (new FileInfo(dir).LinkTarget is not null) File.Delete(dir);
        else Directory.Delete(dir, recursive: true);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    private sealed class NullObserver : IIngestObserver;

    /// <summary>Waits for a task and ignores how it ended (its own error is reported elsewhere or superseded).</summary>
    private static async Task Quietly(Task task)
    {
        try { await task.ConfigureAwait(false); }
        catch (Exception ex) when (ex is OperationCanceledException or MotorPickException or IOException or HttpRequestException or InvalidDataException or AggregateException) { }
    }
}
