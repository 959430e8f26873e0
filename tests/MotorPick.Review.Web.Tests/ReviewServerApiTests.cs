using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MotorPick.Curation.Review;
using MotorPick.Formats.Jpeg;

namespace MotorPick.Review.Web.Tests;

/// <summary>The JSON and image API on a real Kestrel (127.0.0.1, free port): listing, tagging, undo, history, export, slices.</summary>
public sealed class ReviewServerApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_page_and_its_files_are_served()
    {
        using var client = _server.Client();
        var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("app.js", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/app.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/app.css")).StatusCode);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        // Revalidation by ETag.
        using var again = new HttpRequestMessage(HttpMethod.Get, "/");
        again.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Session_gives_the_anti_forgery_token_and_the_review_facts()
    {
        using var client = _server.Client();
        var s = await (await client.GetAsync("api/session")).Json();
        Assert.False(string.IsNullOrEmpty(s["csrfToken"]!.GetValue<string>()));
        Assert.Equal("X-MotorPick-Csrf", s["csrfHeader"]!.GetValue<string>());
        Assert.Equal("alice", s["reviewer"]!.GetValue<string>());
        Assert.True(s["login"]!.GetValue<bool>());
        Assert.Equal(5, s["itemCount"]!.GetValue<int>());
        Assert.Equal(3, s["counts"]!["fp"]!.GetValue<int>());
    }

    [Fact]
    public async Task Listing_filters_by_judge_tomogram_confidence_and_decision()
    {
        using var client = await _server.SessionClient();
        var all = await (await client.GetAsync("api/items")).Json();
        Assert.Equal((5, 0, 5), (all["total"]!.GetValue<int>(), all["done"]!.GetValue<int>(), all["matching"]!.GetValue<int>()));
        var first = all["items"]![0]!;
        Assert.Equal("FP", first["judge"]!.GetValue<string>());
        Assert.Equal("tomo_a1b2c3", first["tomoId"]!.GetValue<string>());
        Assert.Equal(50.0, first["radiusVoxels"]!.GetValue<double>());
        Assert.Equal([1, 2], first["candidates"]!.AsArray().Select(c => c!["tag"]!.GetValue<int>()));
        Assert.Equal(0.82, first["topConf"]!.GetValue<double>());

        async Task<int[]> Indices(string query) =>
            (await (await client.GetAsync("api/items?" + query)).Json())["items"]!.AsArray().Select(i => i!["index"]!.GetValue<int>()).ToArray();
        Assert.Equal(new[] { 1, 3 }, await Indices("judge=FN"));
        Assert.Equal(new[] { 0, 2, 4 }, await Indices("judge=fp"));
        Assert.Equal(new[] { 2 }, await Indices("tomo=C7D8"));
        Assert.Equal(new[] { 0, 4 }, await Indices("minConf=0.8"));
        Assert.Equal(new[] { 1, 3 }, await Indices("maxConf=0.6"));

        await (await client.Tag(2, "add", [1])).Json();
        Assert.Equal(new[] { 0, 1, 3, 4 }, await Indices("status=undecided"));
        Assert.Equal(new[] { 2 }, await Indices("status=decided"));
        Assert.Empty(await Indices("status=decided&reviewer=bob"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("api/items?judge=XX")).StatusCode);
    }

    [Fact]
    public async Task Tagging_undo_and_history_through_http()
    {
        using var client = await _server.SessionClient();
        var r = await (await client.Tag(0, "add", [1])).Json();
        Assert.Equal([1], r["tags"].Ints());
        r = await (await client.Tag(0, "add", [2], requestId: "k-2")).Json();
        Assert.Equal([1, 2], r["tags"].Ints());
        var replay = await (await client.Tag(0, "add", [2], requestId: "k-2")).Json();
        Assert.True(replay["replayed"]!.GetValue<bool>());
        r = await (await client.Tag(0, "remove", [1])).Json();
        Assert.Equal([2], r["tags"].Ints());
        using (var bob = await _server.SessionClient("bob"))
        {
            r = await (await bob.Tag(3, "set", [0, 1])).Json();
            Assert.Equal("bob", r["reviewer"]!.GetValue<string>());
        }

        var item = await (await client.GetAsync("api/items/0")).Json();
        Assert.Equal([2], item["item"]!["tags"].Ints());

        var undo = await (await client.Undo()).Json();
        Assert.Equal(0, undo["item"]!.GetValue<int>());
        Assert.Equal([1, 2], undo["tags"].Ints());
        var history = (await (await client.GetAsync("api/items/0/history")).Json()).AsArray();
        Assert.Equal(["undo", "remove", "add", "add"], history.Select(e => e!["action"]!.GetValue<string>()));
        Assert.Equal([2], history[0]!["previous"].Ints());
        Assert.Equal("alice", history[0]!["reviewer"]!.GetValue<string>());

        await (await client.Undo()).Json();
        await (await client.Undo()).Json();
        await (await client.Undo()).Json(HttpStatusCode.NotFound);
        var progress = await (await client.GetAsync("api/progress")).Json();
        Assert.Equal((1, 5), (progress["done"]!.GetValue<int>(), progress["total"]!.GetValue<int>()));

        Assert.Equal(HttpStatusCode.BadRequest, (await client.Tag(0, "add", [7])).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Tag(0, "jump", [1])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Tag(42, "add", [0])).StatusCode);
        // A body may name its reviewer only when that is the logged-in one (issue 19: alice cannot write as anyone else).
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Tag(0, "add", [0], reviewer: "robert'); drop table")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Tag(1, "add", [0], reviewer: "alice")).StatusCode);
    }

    [Fact]
    public async Task Export_and_agreement_through_http()
    {
        using var client = await _server.SessionClient();
        using var bob = await _server.SessionClient("bob");
        await (await client.Tag(0, "add", [1])).Json();
        await (await bob.Tag(0, "add", [1])).Json();
        await (await client.Tag(1, "add", [0])).Json();
        await (await bob.Tag(2, "add", [1])).Json();
        await (await client.Tag(2, "add", [2])).Json();

        var response = await client.GetAsync("api/export");
        Assert.Equal("attachment; filename=\"decisions.json\"", response.Content.Headers.ContentDisposition!.ToString());
        var path = Path.Combine(_server.Data.Root, "exported.json");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        var set = DecisionFile.Read(path);
        Assert.Equal([(0, "1"), (1, "0")], set.Decisions.Select(d => (d.ItemIndex, string.Join(",", d.Tags))));
        Assert.Single(set.Problems);

        var agreement = await (await client.GetAsync("api/agreement")).Json();
        Assert.Equal(["alice", "bob"], agreement["reviewers"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([true, false], agreement["items"]!.AsArray().Select(n => n!["agree"]!.GetValue<bool>()));

        var bobs = await (await client.GetAsync("api/export?reviewer=bob")).Json();
        Assert.Equal(2, bobs["decisions"]!.AsArray().Count);
    }

    [Fact]
    public async Task Slices_are_cropped_around_the_point_with_contrast_and_cached_by_etag()
    {
        using var client = _server.Client();
        var png = await client.GetAsync("api/items/0/slice?z=20&y=70&x=90&size=64");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Contains("max-age", png.Headers.CacheControl!.ToString());
        using (var image = NetVips.Image.NewFromBuffer(await png.Content.ReadAsByteArrayAsync()))
            Assert.Equal((64, 64, 1), (image.Width, image.Height, image.Bands));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "api/items/0/slice?z=20&y=70&x=90&size=64");
        conditional.Headers.IfNoneMatch.Add(png.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);

        var jpeg = await client.GetAsync("api/items/0/slice?z=20&y=70&x=90&size=64&format=jpeg&contrast=window&lo=50&hi=200&invert=true");
        Assert.Equal("image/jpeg", jpeg.Content.Headers.ContentType!.MediaType);
        Assert.NotEqual(png.Headers.ETag, jpeg.Headers.ETag);

        // The motor of tomo_a1b2c3 is dark in the middle of a crop centred on it (contrast none: raw grey levels).
        var raw = await client.GetByteArrayAsync("api/items/0/slice?z=20&y=70&x=90&size=32&contrast=none");
        using (var image = NetVips.Image.NewFromBuffer(raw))
        {
            var pixels = image.WriteToMemory<byte>();
            Assert.True(pixels[16 * 32 + 16] < 90, $"centre grey {pixels[16 * 32 + 16]}");
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("api/items/0/slice?z=400")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("api/items/0/slice?size=100000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("api/items/0/slice?format=gif")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/items/9/slice")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/items/0/heatmap?z=3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/items/0/image")).StatusCode);
    }

    [Fact]
    public async Task Rendered_images_and_heatmaps_are_served_when_present()
    {
        await using var server = await RunningServer.StartAsync(new ReviewData(depth: 16, height: 48, width: 48), d =>
        {
            var heatmaps = Path.Combine(d.Root, "heatmaps");
            Directory.CreateDirectory(heatmaps);
            ReviewData.WriteNpy(Path.Combine(heatmaps, "tomo_a1b2c3.npy"), Enumerable.Range(0, 4 * 12 * 12).Select(i => i % 7 / 7f).ToArray(), 4, 12, 12);
            Curation.Rendering.ReviewRenderer.RenderAll(d.ReviewDir, d.Review, d.DataDir, null);
            return d.Options(heatmaps: heatmaps);
        });
        using var client = server.Client();
        var image = await client.GetAsync("api/items/0/image");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType!.MediaType);
        var heat = await client.GetAsync("api/items/0/heatmap?z=8&y=24&x=24&size=48");
        Assert.Equal(HttpStatusCode.OK, heat.StatusCode);
        using var rgb = NetVips.Image.NewFromBuffer(await heat.Content.ReadAsByteArrayAsync());
        Assert.Equal((48, 48, 3), (rgb.Width, rgb.Height, rgb.Bands));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("api/items/2/heatmap?z=3")).StatusCode);
        var session = await (await client.GetAsync("api/session")).Json();
        Assert.True(session["heatmaps"]!.GetValue<bool>());
    }
}
