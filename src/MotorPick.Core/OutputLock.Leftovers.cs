namespace MotorPick.Core;

public sealed partial class OutputLock
{
    /// <summary>
    /// Deletes the temporary files and staging directories (<see cref="AtomicFile.TempMarker"/> names) that a killed
    /// writer (one whose pid no longer runs here) left for <paramref name="finalPath"/>: <c>&lt;finalPath&gt;.mp-tmp-*</c>. Call it while holding the lock of the
    /// output, before writing <paramref name="finalPath"/> again. Returns how many were removed.
    /// </summary>
    public static int DeleteLeftoversOf(string finalPath)
    {
        var full = System.IO.Path.GetFullPath(finalPath);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (dir is null || !System.IO.Directory.Exists(dir)) return 0;
        var prefix = System.IO.Path.GetFileName(full) + AtomicFile.TempMarker;
        var removed = 0;
        foreach (var entry in System.IO.Directory.EnumerateFileSystemEntries(dir, prefix + "*"))
            if (System.IO.Path.GetFileName(entry).StartsWith(prefix, StringComparison.Ordinal) && WriterIsGone(entry) && !AtomicFile.IsPartOfInterruptedSwap(entry) && Remove(entry)) removed++;
        return removed;
    }

    /// <summary>
    /// Deletes every temporary file, staging directory and lock file under the locked directory (recursively) left by
    /// killed writers (whose pid no longer runs here). Only for a directory-wide lock: a scoped lock shares the directory with other writers, so it must clean
    /// its own outputs with <see cref="DeleteLeftoversOf"/>. Returns how many were removed.
    /// </summary>
    public int DeleteLeftovers()
    {
        if (!System.IO.Path.GetFileName(Path).Equals(FileName, StringComparison.Ordinal))
            throw new InvalidOperationException("a scoped lock shares its directory: delete the leftovers of its own outputs with DeleteLeftoversOf");
        return DeleteLeftoversUnder(Directory);
    }

    /// <summary>Deletes every temporary file and staging directory under <paramref name="directory"/>; the caller must
    /// be its only writer (it holds its lock, or the lock of a directory above it). The two halves of a directory swap
    /// killed between its renames (see <see cref="AtomicFile.IsPartOfInterruptedSwap"/>) are kept for their owner to recover.</summary>
    public static int DeleteLeftoversUnder(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) return 0;
        var removed = 0;
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var entry in System.IO.Directory.EnumerateFileSystemEntries(dir))
            {
                var name = System.IO.Path.GetFileName(entry);
                if (AtomicFile.IsTempName(name) || IsStaleAside(name))
                {
                    // a checkpoint swap killed between its renames is its owner's to recover (Trainer), never ours to delete
                    if (WriterIsGone(entry) && !AtomicFile.IsPartOfInterruptedSwap(entry) && Remove(entry)) removed++;
                }
                else if (IsLockName(name))
                {
                    // a nested step's lock left by a killed run (a rerun that skips the finished step never takes it
                    // over): removed the race-free way, as another process may be taking it over too
                    if (ReadText(entry) is { } text && Parse(text) is { } owner && !IsAlive(owner, entry)
                        && TakeOver(entry, text, LockOwner.Current("motorpick (leftover sweep)"))) removed++;
                }
                else if (IsTakeoverMarker(name))
                {
                    // the marker of a taker that died
                    if (ReadOwner(entry) is ({ } owner, true) && !IsAlive(owner, entry) && Remove(entry)) removed++;
                }
                else if (System.IO.Directory.Exists(entry) && (File.GetAttributes(entry) & FileAttributes.ReparsePoint) == 0)
                {
                    pending.Push(entry);
                }
            }
        }
        return removed;
    }

    /// <summary>
    /// True when the process that made a temporary name (<c>&lt;name&gt;.mp-tmp-&lt;pid&gt;-&lt;guid&gt;</c>, or a stale lock moved aside,
    /// <c>.stale-&lt;pid&gt;-&lt;guid&gt;</c>) no longer runs here. A live writer's file stays even in a directory we hold (a
    /// cache shared with another command, our own in-flight writes), and so does a temporary name without a pid, such as
    /// a partial download that a rerun continues.
    /// </summary>
    private static bool WriterIsGone(string entry)
    {
        var name = System.IO.Path.GetFileName(entry);
        var at = name.LastIndexOf(AtomicFile.TempMarker, StringComparison.Ordinal);
        var rest = at >= 0 ? name[(at + AtomicFile.TempMarker.Length)..] : name[(name.LastIndexOf(".stale-", StringComparison.Ordinal) + ".stale-".Length)..];
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !int.TryParse(rest[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)) return false;
        return pid != Environment.ProcessId && StartTimeOf(pid) is null;
    }

    /// <summary><see cref="FileName"/> or a scoped <c>.motorpick.&lt;scope&gt;.lock</c> (see <see cref="LockPath"/>).</summary>
    private static bool IsLockName(string name) =>
        name.StartsWith(".motorpick.", StringComparison.Ordinal) && name.EndsWith(".lock", StringComparison.Ordinal);

    /// <summary>The marker of a takeover (see <see cref="TakeOver"/>).</summary>
    private static bool IsTakeoverMarker(string name) => name.StartsWith(".motorpick", StringComparison.Ordinal) && name.Contains(".lock.takeover-", StringComparison.Ordinal);

    /// <summary>A stale lock moved aside by a takeover of an earlier version that was killed before deleting it.</summary>
    private static bool IsStaleAside(string name) => name.StartsWith(".motorpick", StringComparison.Ordinal) && name.Contains(".lock.stale-", StringComparison.Ordinal);

    private static bool Remove(string entry)
    {
        try
        {
            if (System.IO.Directory.Exists(entry) && (File.GetAttributes(entry) & FileAttributes.ReparsePoint) == 0) System.IO.Directory.Delete(entry, recursive: true);
            else System.IO.File.Delete(entry);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
