namespace MotorPick.Core;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls back on the reporting thread: <see cref="Progress{T}"/> posts to the thread
/// pool, so reports would arrive late and out of order.
/// </summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
