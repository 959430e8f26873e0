using System.Globalization;

namespace MotorPick.Core;

/// <summary>
/// Free space on the filesystem of an output, and the one way MotorPick reports a full disk: a
/// <see cref="DiskFullException"/> naming the file, the space it needed and the space free.
/// </summary>
public static class DiskSpace
{
    /// <summary>errno values of a full disk (ENOSPC) and of an exceeded quota (EDQUOT) on Linux.</summary>
    public const int ENOSPC = 28, EDQUOT = 122;

    /// <summary>
    /// True when <paramref name="ex"/>, or an exception inside it (inner or aggregated), is an <see cref="IOException"/>
    /// for a full disk or an exceeded quota. On Unix .NET puts the raw errno in <see cref="Exception.HResult"/>;
    /// on Windows the HRESULT of ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL.
    /// </summary>
    public static bool IsDiskFull(Exception ex) => FindDiskFull(ex) is not null;

    /// <summary>The first full-disk <see cref="IOException"/> in <paramref name="ex"/> (inner and aggregated exceptions included), or null.</summary>
    public static IOException? FindDiskFull(Exception? ex)
    {
        for (var depth = 0; ex is not null && depth < 16; depth++)
        {
            if (ex is IOException io && IsDiskFullCode(io)) return io;
            if (ex is AggregateException agg)
            {
                foreach (var inner in agg.InnerExceptions)
                    if (FindDiskFull(inner) is { } found) return found;
                return null;
            }
            ex = ex.InnerException;
        }
        return null;
    }

    /// <summary>The first <see cref="DiskFullException"/> in <paramref name="ex"/> (inner and aggregated exceptions included), or null.</summary>
    public static DiskFullException? FindDiskFullException(Exception? ex)
    {
        for (var depth = 0; ex is not null && depth < 16; depth++)
        {
            if (ex is DiskFullException full) return full;
            if (ex is AggregateException agg)
            {
                foreach (var inner in agg.InnerExceptions)
                    if (FindDiskFullException(inner) is { } found) return found;
                return null;
            }
            ex = ex.InnerException;
        }
        return null;
    }

    private static bool IsDiskFullCode(IOException io)
    {
        var code = io.HResult;
        if (OperatingSystem.IsWindows())
            return code is unchecked((int)0x80070070) or unchecked((int)0x80070027); // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
        return code is ENOSPC or EDQUOT;
    }

    /// <summary>
    /// Bytes available to this user on the filesystem holding <paramref name="path"/> (which need not exist yet: its
    /// nearest existing ancestor is asked), or null where that cannot be known.
    /// </summary>
    public static long? AvailableBytes(string path)
    {
        try
        {
            var dir = ExistingAncestor(path);
            return dir is null ? null : new DriveInfo(dir).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The mount point of the filesystem holding <paramref name="path"/> (the longest mounted root above it), or null.</summary>
    public static string? MountPoint(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            string? best = null;
            foreach (var drive in DriveInfo.GetDrives())
            {
                var root = drive.RootDirectory.FullName;
                var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
                if ((full == root.TrimEnd(Path.DirectorySeparatorChar) || full.StartsWith(prefix, StringComparison.Ordinal))
                    && (best is null || root.Length > best.Length))
                    best = root;
            }
            return best;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Pre-flight check: throws a <see cref="DiskFullException"/> when the filesystem of <paramref name="path"/> is known to
    /// have less than <paramref name="bytesNeeded"/> available. Does nothing where free space cannot be known.
    /// </summary>
    public static void EnsureAvailable(string path, long bytesNeeded, string? what = null)
    {
        if (bytesNeeded <= 0) return;
        var free = AvailableBytes(path);
        if (free is { } f && f < bytesNeeded)
            throw new DiskFullException(Path.GetFullPath(path), bytesNeeded, f, MountPoint(path), what, preflight: true);
    }

    /// <summary>
    /// The error for a write to <paramref name="path"/> that ran out of space. <paramref name="bytesNeeded"/>: the size it
    /// was writing (or what is still to write), if known; the free space is measured now (after any temporary file was removed).
    /// </summary>
    /// <param name="freedOnCleanup">Bytes of staged output that the failed writer still holds and removes when it is
    /// disposed: counted as free, since a rerun starts without them.</param>
    public static DiskFullException Full(string path, long? bytesNeeded, Exception inner, string? what = null, bool atLeast = false, long freedOnCleanup = 0)
    {
        var full = Path.GetFullPath(path);
        var free = AvailableBytes(full) is { } f ? f + freedOnCleanup : (long?)null;
        return new DiskFullException(full, bytesNeeded, free, MountPoint(full), what, preflight: false, inner, atLeast);
    }

    /// <summary>Rethrows a full-disk error inside <paramref name="ex"/> as a <see cref="DiskFullException"/> for <paramref name="path"/>; otherwise returns.</summary>
    public static void ThrowIfDiskFull(Exception ex, string path, long? bytesNeeded = null, string? what = null)
    {
        if (FindDiskFullException(ex) is { } already) throw already;
        if (FindDiskFull(ex) is { } io) throw Full(path, bytesNeeded, io, what);
    }

    /// <summary>Filesystems allocate whole blocks (4 KiB on ext4, xfs and tmpfs): what a file of <paramref name="bytes"/> takes.</summary>
    public static long OnDisk(long bytes) => (bytes + BlockSize - 1) / BlockSize * BlockSize;

    /// <summary>The allocation unit assumed by <see cref="OnDisk"/>.</summary>
    public const long BlockSize = 4096;

    /// <summary>A size for people: "812 bytes", "3.4 KB", "12.0 MB", "1.50 GB" (powers of 1024).</summary>
    public static string Format(long bytes)
    {
        var c = CultureInfo.InvariantCulture;
        if (bytes < 1024) return bytes.ToString(c) + " bytes";
        if (bytes < 1024 * 1024) return (bytes / 1024.0).ToString("0.0", c) + " KB";
        if (bytes < 1024L * 1024 * 1024) return (bytes / (1024.0 * 1024)).ToString("0.0", c) + " MB";
        return (bytes / (1024.0 * 1024 * 1024)).ToString("0.00", c) + " GB";
    }

    private static string? ExistingAncestor(string path)
    {
        var dir = new DirectoryInfo(Path.GetFullPath(path));
        while (dir is not null && !dir.Exists) dir = dir.Parent;
        return dir?.FullName;
    }
}
