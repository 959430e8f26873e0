using MotorPick.Core;

namespace MotorPick.Formats.Zarr;

/// <summary>A zarr hierarchy in a directory (e.g. <c>TS_1.zarr/</c>).</summary>
public sealed class FileSystemChunkStore : IChunkStore
{
    public FileSystemChunkStore(string root)
    {
        Root = Path.GetFullPath(root);
        if (!Directory.Exists(Root))
            throw new MotorPickException("zarr directory not found", Root);
    }

    /// <summary>The directory holding the hierarchy.</summary>
    public string Root { get; }

    public string Describe(string key) => key.Length == 0 ? Root : Path.Combine(Root, key.Replace('/', Path.DirectorySeparatorChar));

    public async ValueTask<byte[]?> TryReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = Describe(key);
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MotorPickException($"cannot read zarr key '{key}': {ex.Message}", path, inner: ex);
        }
    }

    /// <summary>Reads only the requested bytes (a blosc chunk's header, block table and the blocks a slab needs).</summary>
    public async ValueTask<byte[]?> TryReadRangeAsync(string key, long offset, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var path = Describe(key);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
            var length = RandomAccess.GetLength(handle);
            var buffer = new byte[(int)Math.Clamp(length - offset, 0, count)];
            var done = 0;
            while (done < buffer.Length)
            {
                var n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(done), offset + done, cancellationToken).ConfigureAwait(false);
                if (n == 0) return buffer[..done]; // the file shrank under us: what was there
                done += n;
            }
            return buffer;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MotorPickException($"cannot read zarr key '{key}': {ex.Message}", path, inner: ex);
        }
    }
}
