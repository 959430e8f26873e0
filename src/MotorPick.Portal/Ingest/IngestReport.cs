using MotorPick.Portal.Selection;

namespace MotorPick.Portal.Ingest;

/// <summary>What became of one selected run.</summary>
public enum IngestStatus { Fetched, Skipped, Failed }

/// <summary>Stages a tomogram goes through (for progress displays).</summary>
public enum IngestStage { Waiting, Downloading, Queued, Processing, Done, Failed }

public sealed record IngestOutcome(IngestItem Item, IngestStatus Status, string? Reason, TimeSpan Elapsed);

/// <summary>The result of an ingest: per-run outcomes, bytes and time, and the bounds that were kept.</summary>
public sealed record IngestReport(
    IReadOnlyList<IngestOutcome> Outcomes,
    IReadOnlyList<string> MissingRuns,
    long BytesReceived,
    long BytesSkipped,
    long Requests,
    long Retries,
    TimeSpan Elapsed,
    int PeakQueued,
    long PeakBudgetBytes,
    string? LabelsPath)
{
    public int Fetched => Outcomes.Count(o => o.Status == IngestStatus.Fetched);
    public int Skipped => Outcomes.Count(o => o.Status == IngestStatus.Skipped);
    public int Failed => Outcomes.Count(o => o.Status == IngestStatus.Failed);
}

/// <summary>Receives progress; every method may be called from several threads.</summary>
public interface IIngestObserver
{
    void Stage(IngestItem item, IngestStage stage) { }
    void Bytes(string tomoId, long bytes) { }
}
