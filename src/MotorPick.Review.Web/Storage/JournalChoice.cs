using MotorPick.Core;

namespace MotorPick.Review.Web.Storage;

/// <summary>How the decisions database keeps its journal (<c>--journal</c>).</summary>
public enum JournalMode
{
    /// <summary>WAL where the database's folder is on a local file system, the rollback journal everywhere else.</summary>
    Auto,

    /// <summary>SQLite's rollback journal (<c>journal_mode=DELETE</c>): needs only POSIX locks, safe on NFS and Lustre.</summary>
    Delete,

    /// <summary>Write-ahead log: faster for concurrent readers, but needs shared memory that network file systems do not share.</summary>
    Wal,
}

/// <summary>
/// Picks the journal mode for a database path. SQLite's WAL keeps its index in a memory-mapped <c>-shm</c> file, which
/// processes on different hosts (or one host, on some network file systems) do not see alike: decisions can be lost or
/// the file corrupted (sqlite.org/wal.html, "WAL does not work over a network filesystem"). So WAL is used only on file
/// systems known to be local; anything else, including a type we do not know, gets the rollback journal.
/// </summary>
public static class JournalChoice
{
    /// <summary>Linux file system types (as in /proc/self/mountinfo) on which WAL is safe.</summary>
    private static readonly HashSet<string> Local = new(StringComparer.Ordinal)
    {
        "ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "tmpfs", "ramfs", "overlay", "f2fs", "jfs", "reiserfs", "bcachefs", "apfs", "hfsplus",
    };

    /// <summary>The mode to use for <paramref name="databasePath"/> when <paramref name="requested"/> is <see cref="JournalMode.Auto"/>.</summary>
    public static (JournalMode Mode, string FileSystem) Resolve(JournalMode requested, string databasePath, string? mountInfo = null)
    {
        var fs = FileSystemType(databasePath, mountInfo) ?? "unknown";
        if (requested != JournalMode.Auto) return (requested, fs);
        return (IsLocal(fs) ? JournalMode.Wal : JournalMode.Delete, fs);
    }

    /// <summary>True for a file system type on which WAL is safe.</summary>
    public static bool IsLocal(string fileSystemType) => Local.Contains(fileSystemType);

    /// <summary>
    /// The type of the file system holding <paramref name="path"/> (its nearest existing folder), from
    /// <c>/proc/self/mountinfo</c> (or the text given): the mount with the longest mount point that contains the path.
    /// Null where that is unknown (not Linux). Given a text, the path is taken as it is (for tests).
    /// </summary>
    public static string? FileSystemType(string path, string? mountInfo = null)
    {
        string target;
        if (mountInfo is null)
        {
            if (!File.Exists("/proc/self/mountinfo")) return null;
            mountInfo = File.ReadAllText("/proc/self/mountinfo");
            target = RealFolder(path);
        }
        else
        {
            target = Path.GetFullPath(path);
        }
        string? best = null;
        var bestLength = -1;
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // id parent major:minor root mountpoint options [optional fields...] - fstype source superoptions
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || dash < 0 || dash + 1 >= fields.Length) continue;
            var mountPoint = Unescape(fields[4]);
            if (!Contains(mountPoint, target) || mountPoint.Length < bestLength) continue;
            // A later line for the same mount point is mounted over the earlier one.
            best = fields[dash + 1];
            bestLength = mountPoint.Length;
        }
        return best;
    }

    private static bool Contains(string mountPoint, string path) =>
        mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>The real path of the path's nearest existing folder (links resolved, as the kernel sees it).</summary>
    private static string RealFolder(string path)
    {
        var dir = Path.GetFullPath(path);
        while (!Directory.Exists(dir) && Path.GetDirectoryName(dir) is { } parent) dir = parent;
        try
        {
            return OwnedPaths.RealPath(dir);
        }
        catch (IOException)
        {
            return dir;
        }
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as \040, \011, \012, \134.</summary>
    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
