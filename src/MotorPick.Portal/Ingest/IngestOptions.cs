using MotorPick.Core.Sharding;
using MotorPick.Portal.Processing;
using MotorPick.Portal.Selection;

namespace MotorPick.Portal.Ingest;

/// <summary>Everything <see cref="IngestPipeline"/> needs besides the selection.</summary>
public sealed record IngestOptions
{
    public required string OutDir { get; init; }

    /// <summary>Where raw downloads wait for processing (the reference's <c>--tmp-download-dir</c>); null: <c>&lt;OutDir&gt;/raw</c>.</summary>
    public string? RawDir { get; init; }

    public RawFormat Format { get; init; } = RawFormat.Zarr;

    /// <summary>OME-Zarr scale level (0 = full resolution).</summary>
    public int Level { get; init; }

    /// <summary>Concurrent HTTP transfers (and at most this many tomograms downloading at once).</summary>
    public int DownloadWorkers { get; init; } = 8;

    /// <summary>Tomograms processed at once.</summary>
    public int ProcessWorkers { get; init; } = 1;

    /// <summary>Downloaded tomograms waiting for a process worker (the bounded queue between the stages).</summary>
    public int QueueCapacity { get; init; } = 2;

    /// <summary>Raw bytes that may be downloaded but not yet processed (disk held by raw files); a larger tomogram runs alone.</summary>
    public long ByteBudget { get; init; } = 16L << 30;

    /// <summary>Keep the raw downloads under <c>raw/</c> after processing.</summary>
    public bool KeepRaw { get; init; }

    public ProcessOptions Process { get; init; } = new();

    /// <summary>The selection is one shard of a sharded ingest (see <see cref="IngestShards"/>): the label table is
    /// written per shard, and only this shard's leftovers are cleaned up, since other shards write into the same directory.</summary>
    public Shard? Shard { get; init; }
}
