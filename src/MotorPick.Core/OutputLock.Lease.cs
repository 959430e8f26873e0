namespace MotorPick.Core;

public sealed partial class OutputLock
{
    /// <summary>Environment variable for the lease of a lock held on another host (a duration: 10m, 90s, 1h).</summary>
    public const string LeaseVariable = "MOTORPICK_LOCK_LEASE";

    private static TimeSpan? _lease;
    private Timer? _heartbeat;

    /// <summary>
    /// How long a lock of another host stays valid after its holder's last heartbeat (default 10 minutes, or
    /// <see cref="LeaseVariable"/>). Its pid cannot be checked from here, so a lock whose heartbeat is older is taken as
    /// left by a dead node (a Slurm task resubmitted elsewhere takes it over).
    /// </summary>
    public static TimeSpan Lease
    {
        get => _lease ??= Environment.GetEnvironmentVariable(LeaseVariable) is { Length: > 0 } text
            ? Durations.Parse(text, LeaseVariable)
            : TimeSpan.FromMinutes(10);
        internal set => _lease = value;
    }

    /// <summary>How often a holder touches its lock file: a fifth of the lease, at least every second and at most every minute.</summary>
    public static TimeSpan HeartbeatInterval => TimeSpan.FromTicks(Math.Clamp(Lease.Ticks / 5, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));

    /// <summary>The time of the last heartbeat of a lock file (its modification time), or null when it is gone.</summary>
    public static DateTime? HeartbeatOf(string lockPath)
    {
        try
        {
            var info = new FileInfo(lockPath);
            return info.Exists ? info.LastWriteTimeUtc : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>True when the lock file at <paramref name="lockPath"/>, held by <paramref name="owner"/> on another host,
    /// has had no heartbeat for longer than the lease.</summary>
    private static bool LeaseExpired(LockOwner owner, string lockPath) =>
        !IsHere(owner) && HeartbeatOf(lockPath) is { } beat && DateTime.UtcNow - beat > Lease;

    private static bool IsHere(LockOwner owner) => string.Equals(owner.Host, Environment.MachineName, StringComparison.Ordinal);

    /// <summary>Starts touching the lock file every <see cref="HeartbeatInterval"/> while it is ours.</summary>
    private void StartHeartbeat()
    {
        var interval = HeartbeatInterval;
        _heartbeat = new Timer(_ => Beat(), null, interval, interval);
    }

    private void Beat()
    {
        try
        {
            // only our own lock: a file that is someone else's now keeps its own heartbeat
            if (ReadOwner(Path).Owner == Owner) System.IO.File.SetLastWriteTimeUtc(Path, DateTime.UtcNow);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private void StopHeartbeat()
    {
        using var done = new ManualResetEvent(false);
        if (_heartbeat is { } t && t.Dispose(done)) done.WaitOne(TimeSpan.FromSeconds(5));
        _heartbeat = null;
    }
}
