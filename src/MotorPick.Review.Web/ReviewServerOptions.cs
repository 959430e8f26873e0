using System.Net;
using MotorPick.Core;

namespace MotorPick.Review.Web;

/// <summary>What <c>motorpick review serve</c> serves and how: the review and data directories, where to listen, who reviews.</summary>
public sealed record ReviewServerOptions
{
    /// <summary>Review directory with <c>review.json</c> (rendered images, if any, under <c>images/</c>).</summary>
    public required string ReviewDir { get; init; }

    /// <summary>Directory holding the JPEG stacks, <c>&lt;data&gt;/&lt;tomo_id&gt;/slice_%04d.jpg</c>.</summary>
    public required string DataDir { get; init; }

    /// <summary>Optional directory of saved heatmaps (<c>&lt;tomo_id&gt;.npy</c>) for the heatmap panels.</summary>
    public string? HeatmapsDir { get; init; }

    /// <summary>SQLite database of decisions; default <c>&lt;review&gt;/review-decisions.sqlite</c>.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>Address to bind: an IP address or <c>localhost</c>. Anything but loopback needs <see cref="Token"/>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (the bound address is reported when the server has started).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Reviewer name the page starts with (each browser can change its own).</summary>
    public string DefaultReviewer { get; init; } = "reviewer";

    /// <summary>Shared secret every request must carry (header, bearer or cookie); required off loopback.</summary>
    public string? Token { get; init; }

    /// <summary>Largest request body accepted (bytes); decisions are a few hundred bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = 16 * 1024;

    /// <summary>Memory for decoded slices kept between requests (bytes).</summary>
    public long SliceCacheBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>The database path in use.</summary>
    public string ResolvedDatabasePath => DatabasePath ?? Path.Combine(ReviewDir, "review-decisions.sqlite");

    /// <summary>True when <see cref="Host"/> is a loopback address (or <c>localhost</c>).</summary>
    public bool IsLoopback => Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>Checks the options before anything is opened; throws <see cref="MotorPickException"/> naming the option.</summary>
    public void Validate()
    {
        if (!Directory.Exists(ReviewDir)) throw new MotorPickException("the review directory does not exist", ReviewDir, field: "--review");
        if (!Directory.Exists(DataDir)) throw new MotorPickException("the data directory does not exist", DataDir, field: "--data");
        if (HeatmapsDir is not null && !Directory.Exists(HeatmapsDir)) throw new MotorPickException("the heatmaps directory does not exist", HeatmapsDir, field: "--heatmaps");
        if (Port is < 0 or > 65535) throw new MotorPickException($"port {Port} is outside 0..65535", field: "--port");
        if (!Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(Host, out _))
            throw new MotorPickException($"'{Host}' is not an IP address or 'localhost'", field: "--host");
        if (!IsLoopback && string.IsNullOrEmpty(Token))
            throw new MotorPickException($"binding to {Host} makes the review reachable from other machines: give --token <secret> so that only people with it can read and tag", field: "--token");
        if (Token is { Length: < 8 }) throw new MotorPickException("the token must have at least 8 characters", field: "--token");
        if (!ReviewerName.IsValid(DefaultReviewer)) throw new MotorPickException(ReviewerName.Rule, field: "--reviewer");
    }
}

/// <summary>The rule for reviewer names (they end up in decisions.json and in SQLite).</summary>
public static class ReviewerName
{
    public const string Rule = "a reviewer name has 1 to 64 letters, digits, spaces or . _ - @";

    public static bool IsValid(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 64 && name.Trim() == name
        && name.All(c => char.IsLetterOrDigit(c) || c is ' ' or '.' or '_' or '-' or '@');
}
