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
}
