namespace MotorPick.Portal.Download;

/// <summary>
/// An async semaphore counted in bytes: a tomogram's download reserves its expected size before it starts and gives it
/// back once the tomogram is processed and its raw files are gone, so raw data on disk stays under the budget. A
/// reservation larger than the whole budget is granted when nothing else is held, so a huge tomogram cannot deadlock.
/// Waiters are served in FIFO order.
/// </summary>
public sealed class ByteBudget(long capacity)
{
    private readonly object _gate = new();
    private readonly LinkedList<(long Bytes, TaskCompletionSource Done)> _waiters = new();
    private long _held;

    public long Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Bytes currently reserved.</summary>
    public long Held { get { lock (_gate) return _held; } }

    /// <summary>The most bytes ever reserved at once (over-budget single grants included).</summary>
    public long PeakHeld { get; private set; }

    /// <summary>Waits until <paramref name="bytes"/> can be reserved; returns the amount reserved (pass it to <see cref="Release"/>).</summary>
    public async Task<long> AcquireAsync(long bytes, CancellationToken ct = default)
    {
        bytes = Math.Max(0, bytes);
        TaskCompletionSource tcs;
        LinkedListNode<(long, TaskCompletionSource)> node;
        lock (_gate)
        {
            if (_waiters.Count == 0 && Fits(bytes))
            {
                Take(bytes);
                return bytes;
            }
            tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast((bytes, tcs));
        }
        using (ct.Register(() =>
        {
            lock (_gate)
            {
                if (node.List is null) return; // already granted
                _waiters.Remove(node);
            }
            tcs.TrySetCanceled(ct);
        }))
        {
            await tcs.Task.ConfigureAwait(false);
        }
        return bytes;
    }

    public void Release(long bytes)
    {
        lock (_gate)
        {
            _held -= bytes;
            while (_waiters.First is { } first && Fits(first.Value.Bytes))
            {
                _waiters.RemoveFirst();
                Take(first.Value.Bytes);
                first.Value.Done.TrySetResult();
            }
        }
    }

    private bool Fits(long bytes) => _held == 0 || _held + bytes <= Capacity;

    private void Take(long bytes)
    {
        _held += bytes;
        if (_held > PeakHeld) PeakHeld = _held;
    }
}
