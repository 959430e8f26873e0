using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MotorPick.Core;

/// <summary>Who holds an <see cref="OutputLock"/>: the process id, its host, its start time (to tell a reused pid
/// apart), the command line and when the lock was taken.</summary>
public sealed record LockOwner(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("process_start")] string? ProcessStart,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("since")] string Since)
{
    /// <summary>This process, running <paramref name="command"/>.</summary>
    public static LockOwner Current(string command) => new(Environment.ProcessId, Environment.MachineName,
        OutputLock.StartTimeOf(Environment.ProcessId), command, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));

    public override string ToString() => $"pid {Pid} on host {Host} ('{Command}', since {Since})";
}

/// <summary>
/// A lock file in an output directory (<c>.motorpick.lock</c>, or <c>.motorpick.&lt;scope&gt;.lock</c> for a command
/// that writes only its own files there, such as one shard of an array job), so that two processes never write the
/// same outputs at once. The file is created atomically (its content first, then a move that fails if the name exists)
/// and holds the owner's pid,
/// host and command; it is removed when the lock is disposed. Its holder touches it every <see cref="HeartbeatInterval"/>
/// (a heartbeat in the file's modification time). A lock left by a process that is gone (same host: pid not running, or
/// running but started at another time; another host: no heartbeat for longer than the <see cref="Lease"/>) is stale and
/// taken over with a warning, race-free for any number of processes (see <see cref="TakeOver"/>); a live one makes
/// <see cref="Acquire"/> refuse with a <see cref="MotorPickException"/> naming the directory and the owner.
/// Taking a lock this process already holds (a round running its steps in-process) nests and never blocks.
/// </summary>
public sealed partial class OutputLock : IDisposable
{
    /// <summary>Name of the directory-wide lock file.</summary>
    public const string FileName = ".motorpick.lock";

    private static readonly Dictionary<string, (OutputLock Lock, int Depth)> Held = new(StringComparer.Ordinal);
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private bool _disposed;

    private OutputLock(string directory, string path, LockOwner owner, LockOwner? takenOverFrom, bool nested)
    {
        Directory = directory;
        Path = path;
        Owner = owner;
        TakenOverFrom = takenOverFrom;
        Nested = nested;
    }

    /// <summary>The locked directory (full path).</summary>
    public string Directory { get; }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>This process, as written into the lock file.</summary>
    public LockOwner Owner { get; }

    /// <summary>The owner of the stale lock this one replaced, if any.</summary>
    public LockOwner? TakenOverFrom { get; }

    /// <summary>True when this process already held the lock (an outer command); disposing leaves the file to the outer holder.</summary>
    public bool Nested { get; }

    /// <summary>The lock file of <paramref name="directory"/> for <paramref name="scope"/> (null: the whole directory).</summary>
    public static string LockPath(string directory, string? scope = null)
    {
        if (scope is not null && (scope.Length == 0 || scope.IndexOfAny(['/', '\\', '\0']) >= 0))
            throw new ArgumentException($"a lock scope is a plain name, got '{scope}'", nameof(scope));
        return System.IO.Path.Combine(System.IO.Path.GetFullPath(directory), scope is null ? FileName : $".motorpick.{scope}.lock");
    }

    /// <summary>
    /// Takes the lock of <paramref name="directory"/> (created if missing) for <paramref name="command"/>. A stale lock is
    /// taken over and <paramref name="warn"/> is told; a live one throws a <see cref="MotorPickException"/>.
    /// </summary>
    public static OutputLock Acquire(string directory, string command, string? scope = null, Action<string>? warn = null)
    {
        var full = System.IO.Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(full);
        var path = LockPath(full, scope);
        lock (Held)
        {
            if (Held.TryGetValue(path, out var held))
            {
                Held[path] = (held.Lock, held.Depth + 1);
                return new OutputLock(full, path, held.Lock.Owner, null, nested: true);
            }
        }
        var me = LockOwner.Current(command);
        LockOwner? stale = null;
        TimeSpan? staleAge = null;
        for (var attempt = 0; ; attempt++)
        {
            if (TryCreate(path, me)) break;
            var text = ReadText(path);
            if (text is null) continue; // removed between our attempt and the read: try again
            var existing = Parse(text);
            if (existing is not null && IsAlive(existing, path))
                throw Refusal(full, path, existing);
            if (existing is null && System.IO.File.Exists(path) && DateTime.UtcNow - System.IO.File.GetLastWriteTimeUtc(path) < TimeSpan.FromSeconds(5))
            {
                // an owner is writing its details right now; give it a moment
                if (attempt > 40) throw Refusal(full, path, null);
                Thread.Sleep(50);
                continue;
            }
            if (attempt > 40) throw new MotorPickException($"could not take over the stale lock file after {attempt} attempts; delete it and rerun", path);
            var age = DateTime.UtcNow - HeartbeatOf(path);
            if (TakeOver(path, text, me)) (stale, staleAge) = (existing ?? new LockOwner(0, "?", null, "(unreadable lock file)", "?"), age);
            else Thread.Sleep(Random.Shared.Next(5, 40)); // another process is taking it over: look again shortly
        }
        DeleteDeadCreators(path);
        if (LiveOtherScope(full, path, me) is { } other)
        {
            // a directory-wide writer and a writer of part of it exclude each other (e.g. a whole ingest and one shard's)
            Release(path, me);
            throw Refusal(full, other.Path, other.Owner);
        }
        if (stale is not null)
            warn?.Invoke(IsHere(stale) || stale.Pid == 0
                ? $"{full}: took over a stale lock of {stale} (that process is no longer running); its unfinished work is resumed"
                : $"{full}: took over a stale lock of {stale}: its last heartbeat is {Durations.Format(staleAge ?? TimeSpan.Zero)} old, more than the lease of " +
                  $"{Durations.Format(Lease)} ({LeaseVariable}), so that host is taken as gone; its unfinished work is resumed");
        var lk = new OutputLock(full, path, me, stale, nested: false);
        lock (Held) Held[path] = (lk, 1);
        lk.StartHeartbeat();
        return lk;
    }

    private static LockOwner? Parse(string text)
    {
        if (text.Length == 0) return null;
        try { return JsonSerializer.Deserialize<LockOwner>(text, Json); }
        catch (JsonException) { return null; }
    }

    /// <summary>True when the holder of the lock file <paramref name="lockPath"/> may still be running: on this host as
    /// <see cref="IsAlive(LockOwner)"/> says, on another host while its heartbeat is younger than the <see cref="Lease"/>.</summary>
    public static bool IsAlive(LockOwner owner, string lockPath) => IsHere(owner) ? IsAlive(owner) : !LeaseExpired(owner, lockPath);

    /// <summary>The owner written in a lock file, or null when there is none; Readable is false when the file vanished.</summary>
    public static (LockOwner? Owner, bool Readable) ReadOwner(string lockPath)
    {
        for (var i = 0; i < 3; i++)
        {
            try
            {
                var text = System.IO.File.ReadAllText(lockPath);
                if (text.Length == 0) return (null, true);
                return (JsonSerializer.Deserialize<LockOwner>(text, Json), true);
            }
            catch (FileNotFoundException) { return (null, false); }
            catch (DirectoryNotFoundException) { return (null, false); }
            catch (JsonException) { return (null, true); }
            catch (IOException) { Thread.Sleep(20); }
        }
        return (null, true);
    }

    /// <summary>True when <paramref name="owner"/> may still be running: another host (we cannot tell), or a running
    /// process with that pid here whose start time matches the one recorded.</summary>
    public static bool IsAlive(LockOwner owner)
    {
        if (!string.Equals(owner.Host, Environment.MachineName, StringComparison.Ordinal)) return true;
        if (owner.Pid == Environment.ProcessId)
        {
            // our own pid: alive only if this very process wrote it (a reused pid of a dead process is stale)
            lock (Held) return Held.Values.Any(h => h.Lock.Owner == owner);
        }
        var start = StartTimeOf(owner.Pid);
        if (start is null) return false;
        // the start time is derived from the boot time, which each process computes with some jitter: compare loosely
        return owner.ProcessStart is null || !DateTimeOffset.TryParse(owner.ProcessStart, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var recorded)
            || Math.Abs((DateTimeOffset.Parse(start, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) - recorded).TotalSeconds) < 2;
    }

    /// <summary>The start time of process <paramref name="pid"/> (round-trip text), or null when it does not run.</summary>
    internal static string? StartTimeOf(int pid)
    {
        if (IsZombie(pid)) return null;
        try
        {
            using var p = Process.GetProcessById(pid);
            if (p.HasExited) return null;
            return p.StartTime.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        }
        catch (ArgumentException) { return null; }
        catch (InvalidOperationException) { return null; }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

    /// <summary>For a directory-wide lock, a live scoped lock of another process in the directory; for a scoped lock, a
    /// live directory-wide one. Null when there is none.</summary>
    private static (string Path, LockOwner Owner)? LiveOtherScope(string directory, string path, LockOwner me)
    {
        var wide = System.IO.Path.Combine(directory, FileName);
        var others = path == wide
            ? System.IO.Directory.EnumerateFiles(directory, ".motorpick.*.lock").Where(f => f != wide)
            : [wide];
        foreach (var other in others)
        {
            if (ReadText(other) is not { } text || Parse(text) is not { } owner || owner.Pid == Environment.ProcessId) continue;
            if (IsAlive(owner, other)) return (other, owner);
            // a scoped lock of a killed process: the directory-wide writer owns everything here now
            if (path == wide) TakeOver(other, text, me);
        }
        return null;
    }

    private static void Release(string path, LockOwner me)
    {
        if (ReadOwner(path).Owner == me)
        {
            try { System.IO.File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// A killed process whose parent has not collected it yet (a zombie: state Z or X in <c>/proc/&lt;pid&gt;/stat</c>) still
    /// has its pid and start time but writes nothing any more; where nobody collects orphans (a container whose first
    /// process does not), it stays so for good. Its lock is stale.
    /// </summary>
    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = System.IO.File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>Removes the lock file (only if it is still ours); a nested handle only steps out.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        OutputLock holder;
        lock (Held)
        {
            if (!Held.TryGetValue(Path, out var held)) return;
            if (held.Depth > 1) { Held[Path] = (held.Lock, held.Depth - 1); return; }
            Held.Remove(Path);
            holder = held.Lock;
        }
        holder.StopHeartbeat();
        Release(Path, Owner);
    }

    /// <summary>
    /// Creates the lock file with its content in one atomic step: the owner is written to a temporary file, which is then
    /// moved to the lock's name without overwriting (on Unix a hard link, which fails when the name exists, like
    /// O_EXCL). So a lock file is never seen empty, even when its writer is killed at any point.
    /// </summary>
    private static bool TryCreate(string path, LockOwner me)
    {
        var tmp = AtomicFile.TempPathFor(path);
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = JsonSerializer.SerializeToUtf8Bytes(me, Json);
                stream.Write(bytes);
                stream.WriteByte((byte)'\n');
                stream.Flush(flushToDisk: true);
            }
            System.IO.File.Move(tmp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (System.IO.File.Exists(path))
        {
            return false;
        }
        catch (IOException ex)
        {
            DiskSpace.ThrowIfDiskFull(ex, path, DiskSpace.OnDisk(1), "the lock file of the output directory");
            throw new MotorPickException($"cannot create the lock file of the output directory ({ex.Message})", path, inner: ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new MotorPickException($"cannot create the lock file of the output directory: permission denied ({ex.Message})", path, inner: ex);
        }
        finally
        {
            try { System.IO.File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Removes the temporary files of lock creators killed before they could move them into place (their pid,
    /// part of the temporary name, no longer runs here); a live creator's file stays, it will find the lock taken.</summary>
    private static void DeleteDeadCreators(string path)
    {
        var dir = System.IO.Path.GetDirectoryName(path)!;
        var prefix = System.IO.Path.GetFileName(path) + AtomicFile.TempMarker;
        foreach (var tmp in System.IO.Directory.EnumerateFiles(dir, prefix + "*"))
        {
            var rest = System.IO.Path.GetFileName(tmp)[prefix.Length..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId && StartTimeOf(pid) is null)
            {
                try { System.IO.File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    private static MotorPickException Refusal(string directory, string path, LockOwner? owner) => new(
        owner is null
            ? $"another motorpick process is starting to write this output directory ({directory}); wait for it to finish or choose another output"
            : $"another motorpick process is writing this output directory ({directory}): {owner}. Wait for it to finish, or choose another output; " +
              (string.Equals(owner.Host, Environment.MachineName, StringComparison.Ordinal)
                  ? $"if process {owner.Pid} is not motorpick, delete the lock file {path}"
                  : $"if no such process runs on {owner.Host} any more, delete the lock file {path}, or let the next run take it over once its " +
                    $"heartbeat is older than the lease ({Durations.Format(Lease)}, {LeaseVariable})"),
        path);
}
