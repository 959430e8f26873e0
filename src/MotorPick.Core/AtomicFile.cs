using System.Text;

namespace MotorPick.Core;

/// <summary>
/// Writes files so that a reader never sees half a file: the content goes to a temporary file in
/// the same directory, is flushed to disk, and is then renamed over the final name, and the directory is flushed too. On any failure the temporary file is
/// removed; a full disk (ENOSPC) or an exceeded quota (EDQUOT) becomes a <see cref="DiskFullException"/> that names the
/// final path, the bytes being written and the space free.
/// </summary>
public static class AtomicFile
{
    /// <summary>Prefix of temporary files, so that resume logic and cleanup can recognise them.</summary>
    public const string TempMarker = ".mp-tmp-";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8NoBom.GetBytes(text));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy, 0, copy.Length), copy.Length);
    }

    /// <summary>Runs <paramref name="writer"/> on a temporary file and renames it to <paramref name="path"/> on success.</summary>
    /// <param name="expectedBytes">The final size when known up front: named in the message if the disk fills.</param>
    public static void Write(string path, Action<Stream> writer, long? expectedBytes = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full) ?? ".";
        var tmp = TempPathFor(full);
        CountingStream? counting = null;
        try
        {
            Directory.CreateDirectory(dir);
            using (var file = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (counting = new CountingStream(file))
            {
                writer(counting);
                counting.Flush();
                file.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
            // the bytes are on disk; so must the new name be, or a crash of the node can lose the rename
            FileSync.Directory(dir);
        }
        catch (Exception ex) when (DiskSpace.FindDiskFull(ex) is { } io && ex is not DiskFullException)
        {
            TryDelete(tmp);
            // Unknown final size: what was handed to the stream before it failed is a lower bound.
            throw expectedBytes is { } n
                ? DiskSpace.Full(full, DiskSpace.OnDisk(n), io)
                : DiskSpace.Full(full, counting?.Attempted is > 0 ? DiskSpace.OnDisk(counting.Attempted) : null, io, atLeast: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>The temporary name used for <paramref name="finalPath"/> by this process.</summary>
    public static string TempPathFor(string finalPath)
    {
        var dir = System.IO.Path.GetDirectoryName(finalPath) ?? ".";
        var name = System.IO.Path.GetFileName(finalPath);
        return System.IO.Path.Combine(dir, $"{name}{TempMarker}{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    /// <summary>Tag in the name of an output moved aside by <see cref="PublishDirectory"/> (after the pid, so that the
    /// leftover sweep still tells whose it is): with the final name missing, it marks a swap killed between its renames.</summary>
    public const string AsideTag = "-aside-";

    /// <summary>The name <see cref="PublishDirectory"/> moves the previous <paramref name="finalPath"/> to.</summary>
    public static string AsidePathFor(string finalPath)
    {
        var dir = System.IO.Path.GetDirectoryName(finalPath) ?? ".";
        var name = System.IO.Path.GetFileName(finalPath);
        return System.IO.Path.Combine(dir, $"{name}{TempMarker}{Environment.ProcessId}{AsideTag}{Guid.NewGuid():N}");
    }

    /// <summary>
    /// True when <paramref name="tempPath"/> (a temporary name of some final path) may be one half of a directory swap
    /// killed between its two renames: the final name is missing and an aside of it exists. Both halves are complete
    /// outputs; only the owner of the output knows which to keep, so sweeps leave them to it.
    /// </summary>
    public static bool IsPartOfInterruptedSwap(string tempPath)
    {
        var name = System.IO.Path.GetFileName(tempPath);
        var at = name.IndexOf(TempMarker, StringComparison.Ordinal);
        if (at <= 0) return false;
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(tempPath))!;
        var final = System.IO.Path.Combine(dir, name[..at]);
        if (System.IO.Path.Exists(final)) return false;
        return System.IO.Directory.EnumerateFileSystemEntries(dir, name[..at] + TempMarker + "*")
            .Any(e => System.IO.Path.GetFileName(e).Contains(AsideTag, StringComparison.Ordinal));
    }

    /// <summary>
    /// Publishes a finished staging directory under <paramref name="finalPath"/>, replacing what is there: the old output
    /// is first moved aside to a temporary name and deleted afterwards (best effort; a leftover temporary name is swept by
    /// <see cref="OutputLock"/>), so a kill leaves one whole output, the old or the new. The target must lie strictly
    /// inside <paramref name="ownedRoot"/> (default: the folder of the staging directory), compared on real paths, or
    /// nothing is moved: a name such as <c>..</c> or a planted link never replaces a folder the command does not own.
    /// Every file and folder of the staging directory is flushed to disk first, and the parent folder after the rename.
    /// </summary>
    public static void PublishDirectory(string staging, string finalPath, string? ownedRoot = null)
    {
        var stagingFull = System.IO.Path.GetFullPath(staging);
        var root = ownedRoot ?? System.IO.Path.GetDirectoryName(stagingFull) ?? stagingFull;
        OwnedPaths.EnsureInside(root, finalPath, "replace this folder");
        OwnedPaths.EnsureInside(root, stagingFull, "publish this staging folder");
        // everything the writers left in the staging folder reaches the disk before its name does (once per publish)
        FileSync.Tree(stagingFull);
        string? aside = null;
        if (Directory.Exists(finalPath) || File.Exists(finalPath))
        {
            aside = AsidePathFor(finalPath);
            if (Directory.Exists(finalPath)) Directory.Move(finalPath, aside);
            else File.Move(finalPath, aside);
        }
        Directory.Move(staging, finalPath);
        FileSync.Directory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(finalPath))!);
        // the halves of an earlier swap of this output killed between its renames, kept by the sweep, are ours to remove now
        OutputLock.DeleteLeftoversOf(finalPath);
        if (aside is null) return;
        try
        {
            // A link moved aside is removed itself, never what it points to.
            if (Directory.Exists(aside) && new FileInfo(aside).LinkTarget is null) Directory.Delete(aside, recursive: true);
            else File.Delete(aside);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>True for a file name that is one of our temporary files.</summary>
    public static bool IsTempName(string path) => System.IO.Path.GetFileName(path).Contains(TempMarker, StringComparison.Ordinal);

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A write-only pass-through that counts the bytes handed to it (for the full-disk message).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Attempted { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => true;
        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Attempted += count;
            inner.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Attempted += buffer.Length;
            inner.Write(buffer);
        }

        public override void WriteByte(byte value)
        {
            Attempted++;
            inner.WriteByte(value);
        }

        public override void Flush() => inner.Flush();
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => inner.SetLength(value);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        // Leaves the file stream to its own using: it is flushed to disk there.
        protected override void Dispose(bool disposing)
        {
        }
    }
}
