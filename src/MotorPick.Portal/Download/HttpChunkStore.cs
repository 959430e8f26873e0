using MotorPick.Formats.Zarr;
using MotorPick.Portal.Api;

namespace MotorPick.Portal.Download;

/// <summary>
/// A zarr hierarchy behind HTTPS (the portal's <c>httpsOmezarrDir</c>): keys are fetched as <c>{root}/{key}</c> with
/// retries; 404 means "no such key" (a missing chunk reads as fill_value). No listing is needed: chunk keys follow from
/// <c>.zarray</c>. Optionally mirrors every key it reads into a local directory (atomically), and answers from that
/// mirror first, which is how the ingest downloads a level and resumes.
/// </summary>
public sealed class HttpChunkStore : IChunkStore
{
    private readonly HttpDownloader _http;
    private readonly string _tomoId;

    public HttpChunkStore(HttpDownloader http, string rootUrl, string tomoId = "", string? mirrorDirectory = null)
    {
        _http = http;
        _tomoId = tomoId;
        RootUrl = rootUrl.TrimEnd('/');
        MirrorDirectory = mirrorDirectory is null ? null : Path.GetFullPath(mirrorDirectory);
    }

    public string RootUrl { get; }

    /// <summary>The most bytes a chunk may have (metadata keys have <see cref="SizeLimit.Json"/>). The downloader sets it
    /// from the array's chunk size once .zarray is read (<see cref="ChunkLimits.For"/>).</summary>
    public SizeLimit ChunkLimit { get; set; } = new(Array.MaxLength, "the largest chunk MotorPick can hold");

    /// <summary>Local copy of the keys read so far, or null.</summary>
    public string? MirrorDirectory { get; }

    public string Describe(string key) => key.Length == 0 ? RootUrl : RootUrl + "/" + key;

    /// <summary>The local path of <paramref name="key"/> in the mirror. Keys follow from the server's .zattrs (dataset
    /// paths) and .zarray: one that could leave the mirror ('..', a rooted path) is refused.</summary>
    public string MirrorPath(string key) => Path.Combine(MirrorDirectory ?? throw new InvalidOperationException("no mirror"),
        Core.Identifiers.CheckRelativePath(key, Describe(key), what: "zarr key").Replace('/', Path.DirectorySeparatorChar));

    public ValueTask<byte[]?> TryReadAsync(string key, CancellationToken cancellationToken = default) => TryReadAsync(key, null, cancellationToken);

    /// <summary>Makes sure <paramref name="key"/> is in the mirror without reading a copy that is already there.
    /// Returns false when the key was there already or the server has no such key (a fill_value chunk).</summary>
    public async Task<bool> MirrorAsync(string key, Action<byte[]>? verify, CancellationToken cancellationToken = default)
    {
        var local = MirrorPath(key);
        if (File.Exists(local))
        {
            _http.Counters.AddSkipped(_tomoId, new FileInfo(local).Length);
            return false;
        }
        var bytes = await _http.GetBytesAsync(Describe(key), _tomoId, LimitFor(key), verify ?? DefaultCheck(key), cancellationToken).ConfigureAwait(false);
        if (bytes is null) return false;
        Core.AtomicFile.WriteAllBytes(local, bytes);
        _http.Counters.AddFetched();
        return true;
    }

    /// <summary>Reads <paramref name="key"/> (from the mirror if there), checking fetched bytes with <paramref name="verify"/>.</summary>
    public async ValueTask<byte[]?> TryReadAsync(string key, Action<byte[]>? verify, CancellationToken cancellationToken = default)
    {
        if (MirrorDirectory is not null && File.Exists(MirrorPath(key)))
        {
            var local = await File.ReadAllBytesAsync(MirrorPath(key), cancellationToken).ConfigureAwait(false);
            _http.Counters.AddSkipped(_tomoId, local.Length);
            return local;
        }
        var bytes = await _http.GetBytesAsync(Describe(key), _tomoId, LimitFor(key), verify ?? DefaultCheck(key), cancellationToken).ConfigureAwait(false);
        if (bytes is not null && MirrorDirectory is not null)
        {
            Core.AtomicFile.WriteAllBytes(MirrorPath(key), bytes);
            _http.Counters.AddFetched();
        }
        return bytes;
    }

    private static bool IsMetadata(string key) =>
        key.EndsWith(".zarray", StringComparison.Ordinal) || key.EndsWith(".zattrs", StringComparison.Ordinal) || key.EndsWith(".zgroup", StringComparison.Ordinal);

    private SizeLimit LimitFor(string key) => IsMetadata(key) ? SizeLimit.Json : ChunkLimit;

    /// <summary>Metadata keys (.zarray, .zattrs, .zgroup) must be whole JSON documents: a cut-off one is fetched again.</summary>
    private Action<byte[]>? DefaultCheck(string key)
    {
        if (!IsMetadata(key)) return null;
        return bytes =>
        {
            try
            {
                using var _ = System.Text.Json.JsonDocument.Parse(bytes);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new Core.MotorPickException($"invalid JSON: {ex.Message}", Describe(key), inner: ex);
            }
        };
    }
}
