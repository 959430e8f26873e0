namespace MotorPick.Portal.Api;

/// <summary>
/// Bounds on what a server may make MotorPick do: every number a portal, S3 or a man in the middle sends (a Content-Length,
/// a page that is always full, a <c>.zarray</c> shape, a Retry-After) is checked against one of these before memory,
/// time or requests are spent on it. Each is far above what the real portal sends.
/// </summary>
public static class PortalLimits
{
    /// <summary>The largest JSON answer read: a GraphQL page, <c>.zarray</c>, <c>.zattrs</c>, <c>.zgroup</c>, a point file
    /// of unknown size (the portal's largest answers are a few MiB).</summary>
    public const long MaxJsonBytes = 64L << 20;

    /// <summary>Pages one GraphQL query may take (with the default 500 rows a page: a million rows).</summary>
    public const int MaxPagesPerQuery = 2_000;

    /// <summary>Rows one paged GraphQL query may return in all (the whole portal has tens of thousands of runs).</summary>
    public const int MaxItemsPerQuery = 1_000_000;

    /// <summary>Chunks of one zarr array the downloader lists and fetches (a 2048^3 level in 64^3 chunks has 32 768).</summary>
    public const long MaxChunksPerArray = 10_000_000;

    /// <summary>The longest Retry-After honoured; a longer one is waited this long.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);

    /// <summary>The largest file downloaded when neither the portal nor a caller gives its size (a 2048^3 float32
    /// tomogram is 32 GiB).</summary>
    public const long MaxFileBytesWithoutSize = 64L << 30;

    /// <summary>Room for an MRC's extended header when the portal gives no file size (the file is bounded by its voxels).</summary>
    public const long MrcExtendedHeaderAllowance = 64L << 20;

    /// <summary>Bytes kept in memory before the first byte arrives, whatever the Content-Length says: bodies grow as they come.</summary>
    internal const int InitialBufferBytes = 1 << 20;
}

/// <summary>The most bytes a body may have, and why (the reason goes into the error).</summary>
public sealed record SizeLimit(long Bytes, string Why)
{
    public static SizeLimit Json { get; } = new(PortalLimits.MaxJsonBytes, "the limit for a JSON answer");

    public static SizeLimit FileWithoutSize { get; } = new(PortalLimits.MaxFileBytesWithoutSize, "the limit for a file of unknown size");
}
