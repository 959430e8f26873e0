using System.Net;
using System.Net.Sockets;

namespace MotorPick.Portal.Api;

/// <summary>
/// Exponential back-off with jitter for transient failures: timeouts, refused or dropped connections, bodies that end
/// early, HTTP 5xx and 429. Attempt k (0-based) waits <c>min(MaxDelay, BaseDelay * 2^k)</c> scaled by a random factor in
/// [0.5, 1] ("equal jitter"), so many workers hitting the same failure do not retry in lock-step.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Tries in all (first try included).</summary>
    public int MaxAttempts { get; init; } = 8;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one request until its headers arrive and, for bodies, between two reads.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest wait a server's Retry-After (on 429 or 503) may ask for; a longer one is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = PortalLimits.MaxRetryAfter;

    /// <summary>The policy for tests: many quick retries, short timeouts.</summary>
    public static RetryPolicy Fast { get; } = new() { MaxAttempts = 8, BaseDelay = TimeSpan.FromMilliseconds(2), MaxDelay = TimeSpan.FromMilliseconds(20), RequestTimeout = TimeSpan.FromSeconds(2) };

    /// <summary>The wait before retry number <paramref name="attempt"/> (0 = after the first failure).</summary>
    public TimeSpan Delay(int attempt)
    {
        var ms = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(ms * (0.5 + 0.5 * Random.Shared.NextDouble()));
    }

    /// <summary>The wait before retry number <paramref name="attempt"/> after <paramref name="failure"/>: the back-off, or
    /// longer when the server asked for it with Retry-After (at most <see cref="MaxRetryAfter"/>).</summary>
    public TimeSpan Delay(int attempt, Exception failure)
    {
        var backoff = Delay(attempt);
        if (failure is not TransientException { RetryAfter: { } asked }) return backoff;
        var wait = asked > MaxRetryAfter ? MaxRetryAfter : asked;
        return wait > backoff ? wait : backoff;
    }

    /// <summary>The wait a 429 or 503 answer asks for in its Retry-After header (seconds or an HTTP date), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)) return null;
        if (response.Headers.RetryAfter is not { } header) return null;
        var wait = header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }

    /// <summary>The failure for a status worth retrying, with the wait the server asked for.</summary>
    public static TransientException StatusFailure(HttpResponseMessage response)
    {
        var after = RetryAfter(response);
        var note = after is { } a ? FormattableString.Invariant($" (Retry-After {a.TotalSeconds:0.###} s)") : "";
        return new TransientException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{note}") { RetryAfter = after };
    }

    /// <summary>True for HTTP statuses worth retrying (5xx, 429 Too Many Requests, 408 Request Timeout).</summary>
    public static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    /// <summary>True for exceptions worth retrying: network errors, early end of a body, timeouts (not the caller's cancellation).</summary>
    public static bool IsTransient(Exception ex, CancellationToken callerToken) => ex switch
    {
        TransientException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        HttpRequestException => true,
        IOException io => !Core.DiskSpace.IsDiskFull(io), // a full disk stays full: retrying only hides it
        SocketException => true,
        _ => false,
    };
}

/// <summary>A failure known to be worth retrying (bad status, short or corrupt body); carries the reason for the final error
/// and, for 429/503, the wait the server asked for.</summary>
public sealed class TransientException(string message, Exception? inner = null) : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; init; }
}
