using System.Text;

namespace MotorPick.Core;

/// <summary>
/// Writes files so that a reader never sees half a file: the content goes to a temporary file in
/// the same directory, is flushed to disk, and is then renamed over the final name.
/// </summary>
public static class AtomicFile
{
    /// <summary>Prefix of temporary files, so that resume logic and cleanup can recognise them.</summary>
    public const string TempMarker = ".mp-tmp-";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            var bytes = Utf8NoBom.GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
        });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy, 0, copy.Length));
    }

    /// <summary>Runs <paramref name="writer"/> on a temporary file and renames it to <paramref name="path"/> on success.</summary>
    public static void Write(string path, Action<Stream> writer)
    {
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        var tmp = TempPathFor(full);
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                writer(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch (IOException ex) when (IsDiskFull(ex))
        {
            TryDelete(tmp);
            throw new MotorPickException($"no space left on the device while writing ({ex.Message})", full, inner: ex);
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

    /// <summary>True for a file name that is one of our temporary files.</summary>
    public static bool IsTempName(string path) => System.IO.Path.GetFileName(path).Contains(TempMarker, StringComparison.Ordinal);

    private static bool IsDiskFull(IOException ex) =>
        // ENOSPC is 28 on Linux; HResult carries it in the low bits on Unix.
        (ex.HResult & 0xFFFF) == 28 || ex.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
