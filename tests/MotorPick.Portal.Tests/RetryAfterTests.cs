using System.Text;
using MotorPick.Portal.Api;
using MotorPick.Portal.Download;
using MotorPick.Tests;

namespace MotorPick.Portal.Tests;

/// <summary>A 429 or 503 with Retry-After is retried no sooner than the server asked, and never later than the bound
/// (issue 19, item 3). The test policy's own back-off is at most 20 ms, so any longer gap comes from the header.</summary>
public class RetryAfterTests
{
    private static readonly byte[] EmptyRuns = Encoding.UTF8.GetBytes("{\"data\": {\"runs\": []}}");

    /// <summary>Answers the first request with <paramref name="status"/> and <paramref name="retryAfter"/>, later ones with <paramref name="body"/>.</summary>
    private static RawHttpServer Server(string status, string retryAfter, byte[] body)
    {
        var n = 0;
        return new RawHttpServer((_, s, ct) => Interlocked.Increment(ref n) == 1
            ? RawHttpServer.RespondAsync(s, status, extraHeaders: $"Retry-After: {retryAfter}\r\n", ct: ct)
            : RawHttpServer.RespondAsync(s, "200 OK", body, ct: ct));
    }

    private static TimeSpan Gap(RawHttpServer server)
    {
        var r = server.Requests.ToList();
        Assert.Equal(2, r.Count);
        return r[1].At - r[0].At;
    }

    [Fact]
    public async Task GraphQL_waits_the_seconds_a_503_asks_for()
    {
        await using var server = Server("503 Service Unavailable", "1", EmptyRuns);
        using var http = PortalHttp.CreateClient();
        var runs = await new PortalClient(new GraphQlClient(http, server.BaseUrl + "/graphql", RetryPolicy.Fast)).RunsWithObjectAsync();
        Assert.Empty(runs);
        Assert.InRange(Gap(server), TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_chunk_download_waits_until_the_HTTP_date_a_429_gives()
    {
        // HTTP dates have whole seconds: two seconds ahead is at least one second's wait.
        var date = DateTimeOffset.UtcNow.AddSeconds(2).ToString("r");
        await using var server = Server("429 Too Many Requests", date, [1, 2, 3]);
        using var http = PortalHttp.CreateClient();
        var downloader = new HttpDownloader(http, RetryPolicy.Fast, 1, new TransferCounters());
        var bytes = await downloader.GetBytesAsync(server.BaseUrl + "/t.zarr/0/0.0.0", "t", new SizeLimit(1024, "a test chunk"), null, default);
        Assert.Equal([1, 2, 3], bytes);
        Assert.InRange(Gap(server), TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(6));
    }

    [Fact]
    public async Task A_file_download_waits_the_seconds_a_429_asks_for()
    {
        await using var server = Server("429 Too Many Requests", "1", new byte[1000]);
        using var tmp = Fixtures.TempDir();
        using var http = PortalHttp.CreateClient();
        var downloader = new HttpDownloader(http, RetryPolicy.Fast, 1, new TransferCounters());
        Assert.True(await downloader.DownloadFileAsync(server.BaseUrl + "/t.mrc", Path.Combine(tmp.Path, "t.mrc"), 1000, "t", null, default));
        Assert.InRange(Gap(server), TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_bound_waits_only_the_bound()
    {
        await using var server = Server("503 Service Unavailable", "3600", EmptyRuns);
        using var http = PortalHttp.CreateClient();
        var policy = RetryPolicy.Fast with { MaxRetryAfter = TimeSpan.FromMilliseconds(600) };
        await new PortalClient(new GraphQlClient(http, server.BaseUrl + "/graphql", policy)).RunsWithObjectAsync();
        Assert.InRange(Gap(server), TimeSpan.FromMilliseconds(550), TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromMinutes(5), new RetryPolicy().MaxRetryAfter);
    }
}
