using System.Net;
using MotorPick.Core;
using MotorPick.Curation.Review;
using MotorPick.Review.Web.Security;
using MotorPick.Review.Web.Storage;
using MotorPick.Volumes.Sources;

namespace MotorPick.Review.Web;

/// <summary>What <c>motorpick review serve</c> serves and how: the review and data directories, where to listen, who reviews.</summary>
public sealed record ReviewServerOptions
{
    /// <summary>Review directory with <c>review.json</c> (rendered images, if any, under <c>images/</c>).</summary>
    public required string ReviewDir { get; init; }

    /// <summary>The data folder (one root of <see cref="TomogramDirectory"/>: JPEG stacks <c>&lt;data&gt;/&lt;tomo_id&gt;/slice_%04d.jpg</c>,
    /// uint8 MRC/NPY/zarr, a portal output folder, a copick project); <see cref="DataRoots"/> for several.</summary>
    public string? DataDir { get; init; }

    /// <summary>Several data roots (<c>--data</c> repeated); replaces <see cref="DataDir"/>.</summary>
    public IReadOnlyList<string>? DataRoots { get; init; }

    /// <summary>copick projects: the tomogram type to read when a run holds several.</summary>
    public string? CopickTomogramType { get; init; }

    /// <summary>The data roots given.</summary>
    public IReadOnlyList<string> ResolvedDataRoots => DataRoots ?? (DataDir is { } d ? [d] : []);

    /// <summary>The tomograms of the data roots (listed when called).</summary>
    public TomogramDirectory OpenData() =>
        TomogramDirectory.Open(ResolvedDataRoots, new TomogramDirectoryOptions { ReadThreads = 1, CopickTomogramType = CopickTomogramType });

    /// <summary>Optional directory of saved heatmaps (<c>&lt;tomo_id&gt;.npy</c>) for the heatmap panels.</summary>
    public string? HeatmapsDir { get; init; }

    /// <summary>SQLite database of decisions; default <c>&lt;review&gt;/review-decisions.sqlite</c>.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>Address to bind: an IP address or <c>localhost</c>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (the bound address is reported when the server has started).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The reviewers file (accounts with hashed tokens); default <c>&lt;review&gt;/reviewers.json</c>.</summary>
    public string? ReviewersPath { get; init; }

    /// <summary>
    /// No login at all: every request is <see cref="LocalReviewer"/>. For one person on their own laptop only; refused
    /// off loopback.
    /// </summary>
    public bool NoAuth { get; init; }

    /// <summary>The reviewer of <see cref="NoAuth"/> and of <see cref="Token"/> (<c>--as</c>; by default the OS user).</summary>
    public string LocalReviewer { get; init; } = "reviewer";

    /// <summary>A shared token (from <c>--token-file</c> or the environment) that logs in as <see cref="LocalReviewer"/>.</summary>
    public string? Token { get; init; }

    /// <summary>PEM certificate (chain) for HTTPS; with <see cref="TlsKeyPath"/>.</summary>
    public string? TlsCertPath { get; init; }

    /// <summary>PEM private key of <see cref="TlsCertPath"/>.</summary>
    public string? TlsKeyPath { get; init; }

    /// <summary>The decisions database's journal (<see cref="JournalMode.Auto"/>: WAL only on a local file system).</summary>
    public JournalMode Journal { get; init; } = JournalMode.Auto;

    /// <summary>Largest request body accepted (bytes); decisions are a few hundred bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = 16 * 1024;

    /// <summary>Memory for decoded slices kept between requests (bytes).</summary>
    public long SliceCacheBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>
    /// The path prefix the page is served under behind a proxy that keeps it (<c>--base-path /node/c12/8080</c>): requests
    /// under it have it stripped, and the session cookie is scoped to it. Null or empty: the root.
    /// </summary>
    public string? BasePath { get; init; }

    /// <summary>
    /// Addresses of reverse proxies whose X-Forwarded-Prefix, -Host, -Proto and -For headers are believed
    /// (<c>--trusted-proxy</c>); from any other peer those headers are ignored.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>
    /// Host names the page may be reached under (<c>--allowed-host</c>, e.g. the proxy's public name). On loopback,
    /// localhost, 127.0.0.1 and [::1] are always allowed; off loopback, an empty list allows every host.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary><see cref="BasePath"/> without its trailing slash ("" for the root).</summary>
    public string NormalisedBasePath => string.IsNullOrEmpty(BasePath) ? "" : BasePath.TrimEnd('/');

    /// <summary>The database path in use.</summary>
    public string ResolvedDatabasePath => DatabasePath ?? new ReviewDirectory(ReviewDir).Database;

    /// <summary>The reviewers file in use.</summary>
    public string ResolvedReviewersPath => ReviewersPath ?? DefaultReviewersPath(ReviewDir);

    /// <summary>Where the reviewers file of a review directory lives by default.</summary>
    public static string DefaultReviewersPath(string reviewDir) => new ReviewDirectory(reviewDir).Reviewers;

    /// <summary>True when the server speaks HTTPS.</summary>
    public bool UsesTls => TlsCertPath is not null;

    /// <summary>True when <see cref="Host"/> is a loopback address (or <c>localhost</c>).</summary>
    public bool IsLoopback => Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>Checks the options before anything is opened; throws <see cref="MotorPickException"/> naming the option.</summary>
    public void Validate()
    {
        if (!Directory.Exists(ReviewDir)) throw new MotorPickException("the review directory does not exist", ReviewDir, field: "--review");
        if (ResolvedDataRoots.Count == 0) throw new MotorPickException("no data folder given", field: "--data");
        foreach (var root in ResolvedDataRoots)
            if (!Directory.Exists(root) && !File.Exists(root)) throw new MotorPickException("the data directory does not exist", root, field: "--data");
        if (HeatmapsDir is not null && !Directory.Exists(HeatmapsDir)) throw new MotorPickException("the heatmaps directory does not exist", HeatmapsDir, field: "--heatmaps");
        if (Port is < 0 or > 65535) throw new MotorPickException($"port {Port} is outside 0..65535", field: "--port");
        if (!Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(Host, out _))
            throw new MotorPickException($"'{Host}' is not an IP address or 'localhost'", field: "--host");
        if (NoAuth && !IsLoopback)
            throw new MotorPickException($"--no-auth would let everyone who reaches {Host} read and change the decisions: it is for 127.0.0.1 on a single user's laptop; create accounts with --reviewer NAME instead", field: "--no-auth");
        if (NoAuth && Token is not null) throw new MotorPickException("--no-auth and a token exclude each other", field: "--no-auth");
        if (Token is { Length: < Security.ServeToken.MinLength }) throw new MotorPickException($"the token must have at least {Security.ServeToken.MinLength} characters", field: "--token-file");
        ReviewerName.Check(LocalReviewer, "--as");
        if (!string.IsNullOrEmpty(BasePath) && !ProxyPaths.IsValidPrefix(BasePath))
            throw new MotorPickException($"'{BasePath}' is not a path prefix: expected '/' then segments of letters, digits, '-', '_', '.' or '~' (e.g. /node/c12/8080)", field: "--base-path");
        foreach (var proxy in TrustedProxies)
            if (!IPAddress.TryParse(proxy, out _)) throw new MotorPickException($"'{proxy}' is not an IP address", field: "--trusted-proxy");
        foreach (var name in AllowedHosts)
            if (!ProxyPaths.IsValidHostName(name)) throw new MotorPickException($"'{name}' is not a host name (letters, digits, '-', '.'; or an IP address)", field: "--allowed-host");
        if ((TlsCertPath is null) != (TlsKeyPath is null)) throw new MotorPickException("HTTPS needs both --tls-cert and --tls-key", field: TlsCertPath is null ? "--tls-cert" : "--tls-key");
        if (TlsCertPath is not null && !File.Exists(TlsCertPath)) throw new MotorPickException("the certificate file does not exist", TlsCertPath, field: "--tls-cert");
        if (TlsKeyPath is not null && !File.Exists(TlsKeyPath)) throw new MotorPickException("the key file does not exist", TlsKeyPath, field: "--tls-key");
    }
}

/// <summary>Reviewer names follow the identifier rule of <see cref="Identifiers"/> (they are account names, end up in
/// decisions.json and in SQLite, and may become file names in exports).</summary>
public static class ReviewerName
{
    public const string Rule = "a reviewer name has " + Identifiers.Expected;

    public static bool IsValid(string? name) => Identifiers.IsValid(name);

    /// <summary>Returns <paramref name="name"/> when valid, else throws a <see cref="MotorPickException"/> naming <paramref name="field"/>.</summary>
    public static string Check(string? name, string? field = null, string? path = null) =>
        Identifiers.Check(name, path, field: field, what: "reviewer name");
}
