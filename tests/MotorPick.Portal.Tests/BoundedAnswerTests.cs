using System.Diagnostics;
using System.Text;
using MotorPick.Core;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Zarr;
using MotorPick.Portal.Api;
using MotorPick.Portal.Download;
using MotorPick.Tests;

namespace MotorPick.Portal.Tests;

/// <summary>Whatever a server claims or sends, memory, pages and chunk lists stay bounded (issue 19, item 3).</summary>
[Collection(StandInCollection.Name)]
public class BoundedAnswerTests(StandInData data)
{
    private static PortalClient Client(HttpClient http, string endpoint, int pageSize = 500) =>
        new(new GraphQlClient(http, endpoint, RetryPolicy.Fast)) { PageSize = pageSize };

    [Fact]
    public async Task A_GraphQL_answer_whose_Content_Length_is_2_GB_is_refused_before_reading()
    {
        // Promises 2 GB, sends one byte and waits: refused from the header alone, at once, and not retried.
        await using var server = new RawHttpServer(async (_, s, ct) =>
        {
            await RawHttpServer.RespondAsync(s, "200 OK", Encoding.ASCII.GetBytes("{"), contentLength: 2_000_000_000, ct: ct);
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
        });
        using var http = PortalHttp.CreateClient();
        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<MotorPickException>(() => Client(http, server.BaseUrl + "/graphql").RunsWithObjectAsync());
        Assert.Contains("its Content-Length is 2000000000 bytes", ex.Message);
        Assert.Contains($"at most {PortalLimits.MaxJsonBytes} bytes were expected", ex.Message);
        Assert.Contains(server.BaseUrl, ex.Message);
        Assert.Single(server.Requests);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
    }

    [Fact]
    public async Task An_endless_GraphQL_body_is_cut_at_the_JSON_limit()
    {
        await using var server = new RawHttpServer((_, s, ct) =>
            RawHttpServer.EndlessAsync(s, "{\"data\": {\"runs\": [\"", (byte)'x', PortalLimits.MaxJsonBytes + (16 << 20), ct));
        using var http = PortalHttp.CreateClient();
        var ex = await Assert.ThrowsAsync<MotorPickException>(() => Client(http, server.BaseUrl + "/graphql").RunsWithObjectAsync());
        Assert.Contains($"more than {PortalLimits.MaxJsonBytes} bytes arrived", ex.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Endless_GraphQL_pages_stop_at_the_page_limit_with_a_clear_error()
    {
        await using var server = await StandIn.LocalPortalServer.StartAsync(data.DataDir);
        var page = 0;
        // Every page is full, with new ids: a server that never says "that was the last page".
        server.GraphQlOverride = _ =>
        {
            var n = Interlocked.Increment(ref page);
            return $"{{\"data\": {{\"runs\": [{{\"id\": {2 * n}, \"name\": \"r{2 * n}\", \"datasetId\": 1}}, {{\"id\": {2 * n + 1}, \"name\": \"r{2 * n + 1}\", \"datasetId\": 1}}]}}}}";
        };
        using var http = PortalHttp.CreateClient();
        var client = new PortalClient(new GraphQlClient(http, server.Endpoint, RetryPolicy.Fast)) { PageSize = 2, MaxPages = 25 };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ex = await Assert.ThrowsAsync<MotorPickException>(() => client.RunsWithObjectAsync(ct: cts.Token));
        Assert.Contains("did not end after 25 pages of 2 rows", ex.Message);
        Assert.Contains("RunsWithObject", ex.Message);
        Assert.Equal(25, server.GraphQlRequests);
        Assert.Equal(PortalLimits.MaxPagesPerQuery, new PortalClient(client.GraphQl).MaxPages);
    }

    [Fact]
    public async Task Rows_past_the_item_limit_or_past_the_page_size_are_refused()
    {
        await using var server = await StandIn.LocalPortalServer.StartAsync(data.DataDir);
        using var http = PortalHttp.CreateClient();
        var capped = new PortalClient(new GraphQlClient(http, server.Endpoint, RetryPolicy.Fast)) { PageSize = 2, MaxItems = 3 };
        var ex = await Assert.ThrowsAsync<MotorPickException>(() => capped.RunsWithObjectAsync());
        Assert.Contains("more than 3 rows", ex.Message);

        server.GraphQlOverride = _ => "{\"data\": {\"runs\": [" + string.Join(",", Enumerable.Range(1, 3).Select(i => $"{{\"id\": {i}, \"name\": \"r{i}\", \"datasetId\": 1}}")) + "]}}";
        var ignoring = new PortalClient(new GraphQlClient(http, server.Endpoint, RetryPolicy.Fast)) { PageSize = 2 };
        ex = await Assert.ThrowsAsync<MotorPickException>(() => ignoring.RunsWithObjectAsync());
        Assert.Contains("3 rows on a page of at most 2", ex.Message);
    }

    [Fact]
    public async Task A_chunk_whose_Content_Length_is_2_GB_is_refused_without_allocating_it()
    {
        await using var server = new RawHttpServer(async (_, s, ct) =>
        {
            await RawHttpServer.RespondAsync(s, "200 OK", [1, 2, 3], contentLength: 2_000_000_000, ct: ct);
            await Task.Delay(TimeSpan.FromSeconds(10), ct);
        });
        using var http = PortalHttp.CreateClient();
        var downloader = new HttpDownloader(http, RetryPolicy.Fast, 1, new TransferCounters());
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var url = server.BaseUrl + "/t.zarr/0/0.0.0";
        var ex = await Assert.ThrowsAsync<MotorPickException>(() => downloader.GetBytesAsync(url, "t", new SizeLimit(1 << 20, "a test chunk"), null, default));
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64 << 20, "no buffer was sized from the Content-Length");
        Assert.Equal(url, ex.Path);
        Assert.Contains("its Content-Length is 2000000000 bytes; at most 1048576 bytes were expected (a test chunk)", ex.Message);
    }

    [Fact]
    public async Task A_file_body_larger_than_the_portal_promised_is_refused_and_not_kept()
    {
        // No Content-Length: the body simply goes on past the size the portal's metadata gave.
        await using var server = new RawHttpServer((_, s, ct) => RawHttpServer.EndlessAsync(s, "", 7, 8 << 20, ct));
        using var tmp = Fixtures.TempDir();
        using var http = PortalHttp.CreateClient();
        var downloader = new HttpDownloader(http, RetryPolicy.Fast, 1, new TransferCounters());
        var path = Path.Combine(tmp.Path, "t.mrc");
        var url = server.BaseUrl + "/t.mrc";
        var ex = await Assert.ThrowsAsync<MotorPickException>(() => downloader.DownloadFileAsync(url, path, 100_000, "t", null, default));
        Assert.Equal(url, ex.Path);
        Assert.Contains("more than 100000 bytes arrived", ex.Message);
        Assert.Contains("the file size in the portal's metadata", ex.Message);
        Assert.Single(server.Requests); // not retried
        Assert.Empty(Directory.GetFiles(tmp.Path)); // neither the file nor a partial to resume from
    }

    [Fact]
    public async Task A_file_the_server_says_is_larger_than_the_portal_promised_is_refused_before_reading()
    {
        await using var server = new RawHttpServer((_, s, ct) => RawHttpServer.RespondAsync(s, "200 OK", new byte[200_000], ct: ct));
        using var tmp = Fixtures.TempDir();
        using var http = PortalHttp.CreateClient();
        var downloader = new HttpDownloader(http, RetryPolicy.Fast, 1, new TransferCounters());
        var ex = await Assert.ThrowsAsync<MotorPickException>(() =>
            downloader.DownloadFileAsync(server.BaseUrl + "/t.mrc", Path.Combine(tmp.Path, "t.mrc"), 100_000, "t", null, default));
        Assert.Contains("its Content-Length is 200000 bytes; at most 100000 bytes were expected", ex.Message);
    }

    [Fact]
    public void A_zarr_shape_with_1e28_chunks_is_refused_before_listing_keys_naming_the_array()
    {
        var meta = new ZarrArrayMetadata([int.MaxValue, int.MaxValue, int.MaxValue], [1, 1, 1], VoxelType.Float32, false, 0, null, '/');
        using var http = new HttpClient();
        var store = new HttpChunkStore(new HttpDownloader(http, RetryPolicy.Fast, 1, new TransferCounters()), "https://files.portal.invalid/t.zarr");
        var array = new ZarrArray(store, "0", meta);
        Assert.Equal(long.MaxValue, ChunkLimits.Count(array)); // saturates instead of wrapping
        var ex = Assert.Throws<MotorPickException>(() => ChunkLimits.Check(array));
        Assert.Contains($"more than the {PortalLimits.MaxChunksPerArray} accepted", ex.Message);
        Assert.Equal("https://files.portal.invalid/t.zarr/0/.zarray", ex.Path);
        Assert.Equal("shape", ex.Field);

        var fine = new ZarrArray(store, "0",
            meta with { Shape = [2048, 2048, 2048], Chunks = [64, 64, 64] });
        Assert.Equal(32768, ChunkLimits.Count(fine));
        ChunkLimits.Check(fine);
        Assert.InRange(ChunkLimits.For(fine).Bytes, 64L * 64 * 64 * 4, 64L * 64 * 64 * 4 * 102 / 100 + (64 << 10));
    }
}
