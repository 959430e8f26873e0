using System.Net;

namespace MotorPick.Portal.Api;

/// <summary>The HTTP client MotorPick talks to the portal with: pooled connections, no automatic decompression of files
/// (zarr chunks and MRC are already binary), a user agent naming MotorPick, and the proxy the environment names
/// (<see cref="EnvironmentProxy"/>: clusters often reach the internet only through HTTPS_PROXY; loopback is never proxied).</summary>
public static class PortalHttp
{
    /// <summary>The GraphQL endpoint of the CryoET Data Portal (API v2). The host is spelled czscience.</summary>
    public const string DefaultEndpoint = "https://graphql.cryoetdataportal.czscience.com/graphql";

    /// <param name="maxConnections">Connections per server.</param>
    /// <param name="environment">Where proxy variables are read (default: the process environment; tests give their own).</param>
    public static HttpClient CreateClient(int maxConnections = 64, Func<string, string?>? environment = null)
    {
        var proxy = EnvironmentProxy.FromEnvironment(environment);
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(2, maxConnections),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            UseProxy = proxy is not null,
            Proxy = proxy,
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("motorpick/0.1");
        return client;
    }

    /// <summary>Runs <paramref name="body"/> with retries under <paramref name="policy"/>; the last failure becomes a
    /// <see cref="Core.MotorPickException"/> naming <paramref name="what"/> and the number of tries.</summary>
    public static async Task<T> WithRetriesAsync<T>(RetryPolicy policy, string what, Func<int, CancellationToken, Task<T>> body,
        CancellationToken cancellationToken, Action<int, Exception>? onRetry = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await body(attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (RetryPolicy.IsTransient(ex, cancellationToken))
            {
                if (attempt + 1 >= policy.MaxAttempts)
                    throw new Core.MotorPickException($"gave up after {policy.MaxAttempts} tries: {Describe(ex)}", what, inner: ex);
                onRetry?.Invoke(attempt + 1, ex);
                await Task.Delay(policy.Delay(attempt, ex), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A one-line reason for a transient failure.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "timed out",
        _ when ex.InnerException is { } inner && ex is HttpRequestException => $"{ex.Message} ({inner.Message})",
        _ => ex.Message,
    };
}
