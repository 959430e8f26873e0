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

    /// <summary>Full location of <paramref name="key"/> (path or URL) for error messages.</summary>
    string Describe(string key);
}
