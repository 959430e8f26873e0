using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MotorPick.Core;

/// <summary>
/// The two system calls .NET does not offer: fsync of a directory (so a rename or a new name in it survives a crash of
/// the node, not only the file's bytes) and an open that refuses a symbolic link at the last component (O_NOFOLLOW),
/// for files whose name another user of a shared folder could predict. Linux only; elsewhere the directory fsync is a
/// no-op and the open checks the name with lstat semantics first.
/// </summary>
public static class FileSync
{
    private const int ORdOnly = 0, OWrOnly = 1, OAppend = 0x400, ONonBlock = 0x800, OCloExec = 0x80000;
    private const int ENoEnt = 2, EIntr = 4, EAcces = 13, EInval = 22, ERoFs = 30, ELoop = 40, ENxIo = 6;

    // O_NOFOLLOW differs between architectures (asm-generic: x86-64; arm and arm64 have their own).
    private static int ONoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>Flushes the entries of <paramref name="directory"/> to disk (after a rename or create in it).
    /// A file system that cannot fsync a directory (EINVAL) or a folder we may not open is left as it is.</summary>
    public static void Directory(string directory) => Sync(directory, ORdOnly | OCloExec);

    /// <summary>Flushes a file written by others (a library that took a path) to disk; links are not followed.</summary>
    public static void File(string path) => Sync(path, ORdOnly | ONoFollow | ONonBlock | OCloExec);

    /// <summary>
    /// Flushes every file and folder under <paramref name="root"/> (and <paramref name="root"/> itself) to disk, before a
    /// staging directory is published: one pass per publish rather than a folder fsync per file. The files are synced
    /// in parallel, so that the file system can commit them together.
    /// </summary>
    public static void Tree(string root)
    {
        if (!OperatingSystem.IsLinux()) return;
        var dirs = new List<string> { root };
        var files = new List<string>();
        for (var i = 0; i < dirs.Count; i++)
            foreach (var entry in new DirectoryInfo(dirs[i]).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null) continue;
                if (entry is DirectoryInfo) dirs.Add(entry.FullName);
                else files.Add(entry.FullName);
            }
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, File);
        // the deepest folders first, the root last: a name is durable once the folder holding it is
        for (var i = dirs.Count - 1; i >= 0; i--) Directory(dirs[i]);
    }

    /// <summary>Tests see each path flushed (after its fsync).</summary>
    internal static Action<string>? Observer { get; set; }

    private static void Sync(string path, int flags)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = Open(path, flags, 0);
        if (fd < 0) return;
        try
        {
            int rc;
            do rc = Fsync(fd); while (rc != 0 && Marshal.GetLastPInvokeError() == EIntr);
            if (rc != 0 && Marshal.GetLastPInvokeError() is var errno and not (EInval or ERoFs or EAcces))
                throw new IOException($"fsync failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
            Observer?.Invoke(path);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Opens an existing file for appending without following a symbolic link planted under its name, and without
    /// blocking on a planted FIFO. A link is refused with a <see cref="MotorPickException"/> naming
    /// <paramref name="what"/>; a missing file is a <see cref="FileNotFoundException"/>.
    /// </summary>
    public static FileStream OpenAppendNoFollow(string path, string what, int bufferSize = 1 << 16)
    {
        if (!OperatingSystem.IsLinux())
        {
            RefuseLink(path, what);
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize);
        }
        var fd = Open(path, OWrOnly | OAppend | ONoFollow | ONonBlock | OCloExec, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == ELoop) throw LinkRefused(path, what);
            if (errno == ENoEnt) throw new FileNotFoundException($"{what} vanished", path);
            if (errno == ENxIo) throw new MotorPickException($"{what} is a FIFO, not a file: refusing to write to it; delete it and check who can write to this folder", path);
            throw new IOException($"cannot open {what} ({Marshal.GetPInvokeErrorMessage(errno)})", errno);
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            return new FileStream(handle, FileAccess.Write, bufferSize, isAsync: false);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a symbolic link (even a dangling one) at <paramref name="path"/>: lstat semantics, the link itself.</summary>
    public static void RefuseLink(string path, string what)
    {
        if (new FileInfo(path).LinkTarget is not null) throw LinkRefused(path, what);
    }

    private static MotorPickException LinkRefused(string path, string what) => new(
        $"{what} is a symbolic link{(new FileInfo(path).LinkTarget is { } target ? $" (to {target})" : "")}: refusing to write through it. " +
        "Another user who can write to this folder may have planted it; delete it and check the folder's permissions", path);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
