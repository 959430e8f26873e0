namespace MotorPick.Formats.Zarr;

/// <summary>
/// Where the files of a zarr hierarchy come from: keys are '/'-separated paths relative to the root
/// (".zattrs", "0/.zarray", "0/3/1/2"). Implemented for the file system here; the portal ingest plugs in an HTTP store.
/// Implementations must be safe for concurrent calls.
/// </summary>
public interface IChunkStore
{
    /// <summary>The bytes stored under <paramref name="key"/>, or null when there is no such key (a missing chunk means fill_value).</summary>
    ValueTask<byte[]?> TryReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="count"/>) of the value under
    /// <paramref name="key"/> (fewer where the value ends sooner), or null when there is no such key. Stores that can read
    /// part of a value override this; the default reads the whole value.
    /// </summary>
    async ValueTask<byte[]?> TryReadRangeAsync(string key, long offset, int count, CancellationToken cancellationToken = default)
    {
        var all = await TryReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (all is null) return null;
        var start = (int)Math.Min(offset, all.Length);
        return all.AsSpan(start, Math.Min(count, all.Length - start)).ToArray();
    }

    /// <summary>Full location of <paramref name="key"/> (path or URL) for error messages.</summary>
    string Describe(string key);
}
