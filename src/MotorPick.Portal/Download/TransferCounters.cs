namespace MotorPick.Portal.Download;

/// <summary>Thread-safe counters of one ingest's transfers (for progress, the summary and tests).</summary>
public sealed class TransferCounters
{
    private long _bytes, _requests, _retries, _filesFetched, _filesSkipped, _bytesSkipped;

    /// <summary>Bytes received over HTTP (including bytes of attempts that later failed).</summary>
    public long BytesReceived => Interlocked.Read(ref _bytes);
    public long Requests => Interlocked.Read(ref _requests);
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Files written complete by this run.</summary>
    public long FilesFetched => Interlocked.Read(ref _filesFetched);

    /// <summary>Files found complete on disk and not requested again.</summary>
    public long FilesSkipped => Interlocked.Read(ref _filesSkipped);
    public long BytesSkipped => Interlocked.Read(ref _bytesSkipped);

    /// <summary>Raised for every block of bytes received (tomo id, bytes); called concurrently.</summary>
    public event Action<string, long>? BytesArrived;

    internal void AddBytes(string tomoId, long n)
    {
        Interlocked.Add(ref _bytes, n);
        BytesArrived?.Invoke(tomoId, n);
    }

    internal void AddRequest() => Interlocked.Increment(ref _requests);
    internal void AddRetry() => Interlocked.Increment(ref _retries);
    internal void AddFetched() => Interlocked.Increment(ref _filesFetched);

    internal void AddSkipped(string tomoId, long bytes)
    {
        Interlocked.Increment(ref _filesSkipped);
        Interlocked.Add(ref _bytesSkipped, bytes);
        BytesArrived?.Invoke(tomoId, bytes);
    }
}
