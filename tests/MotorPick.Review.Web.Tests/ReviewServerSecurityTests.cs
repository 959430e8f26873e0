using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using MotorPick.Core;

namespace MotorPick.Review.Web.Tests;

/// <summary>What the server refuses: paths out of its directories, big requests, forged writes, foreign hosts, missing tokens.</summary>
public sealed class ReviewServerSecurityTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Sends a request line exactly as written (HttpClient would normalise the dots away), logged in as alice.</summary>
    private async Task<(int Status, string Body)> Raw(string target, string host = "127.0.0.1")
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server.Url.Host, _server.Url.Port);
        var stream = tcp.GetStream();
        var token = _server.Data.Tokens["alice"];
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {host}\r\nX-MotorPick-Token: {token}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return (int.Parse(text.Split(' ')[1]), text);
    }

    [Theory]
    [InlineData("/../../../../etc/passwd")]
    [InlineData("/..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/api/items/..%2f..%2freview.json/slice")]
    [InlineData("/api/items/0/../../../review.json")]
    [InlineData("/review.json")]
    [InlineData("/review-decisions.sqlite")]
    [InlineData("/data/tomo_a1b2c3/slice_0000.jpg")]
    [InlineData("/images/..%5c..%5creview.json")]
    [InlineData("/app.js/../../labels.csv")]
    [InlineData("/wwwroot/index.html")]
    public async Task Paths_outside_the_api_and_page_are_not_found(string target)
    {
        var (status, body) = await Raw(target);
        Assert.True(status is 400 or 404, $"{target} -> {status}");
        Assert.DoesNotContain("root:", body);
        Assert.DoesNotContain("format_version", body);
        Assert.DoesNotContain("tomo_id", body);
    }

    [Fact]
    public async Task A_review_whose_tomogram_id_climbs_out_of_the_data_directory_is_refused()
    {
        // Someone edits review.json so that a tomogram id points at another directory: no file is read from there.
        var outside = Path.Combine(_server.Data.Root, "secret");
        Directory.CreateDirectory(outside);
        var json = await File.ReadAllTextAsync(Path.Combine(_server.Data.ReviewDir, "review.json"));
        await File.WriteAllTextAsync(Path.Combine(_server.Data.ReviewDir, "review.json"), json.Replace("\"tomo_a1b2c3\"", "\"../secret\""));
        var data = _server.Data;
        // Refused where review.json is read (the identifier rule, issue 19), so the server never starts on it.
        var ex = await Assert.ThrowsAsync<MotorPickException>(() => ReviewServer.StartAsync(data.Options() with { DatabasePath = Path.Combine(data.Root, "other.sqlite") }));
        Assert.EndsWith(".tomo_id", ex.Field);
        Assert.Contains("'../secret' is not a valid identifier", ex.Message);
    }

    [Fact]
    public async Task Oversized_bodies_and_urls_are_refused()
    {
        using var client = await _server.SessionClient();
        var big = new string('x', 200_000);
        var response = await client.PostAsync("api/items/0/tags", new StringContent($"{{\"action\":\"add\",\"tags\":[1],\"reviewer\":\"{big}\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());

        var longUrl = await client.GetAsync("api/items?tomo=" + new string('a', 20_000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, longUrl.StatusCode);

        var tooManyTags = await client.Tag(0, "add", Enumerable.Range(0, 100).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, tooManyTags.StatusCode);
        Assert.Empty(_server.Server.Store.History());
    }

    [Fact]
    public async Task Writes_need_the_anti_forgery_token_and_the_same_origin()
    {
        using var bare = _server.Client();
        Assert.Equal(HttpStatusCode.Forbidden, (await bare.Tag(0, "add", [1])).StatusCode);

        using var wrong = _server.Client();
        await wrong.GetAsync("api/session");
        wrong.DefaultRequestHeaders.Add("X-MotorPick-Csrf", "forged");
        Assert.Equal(HttpStatusCode.Forbidden, (await wrong.Tag(0, "add", [1])).StatusCode);

        // A token from another browser (cookie) does not fit this one.
        using var other = await _server.SessionClient();
        using var mixed = _server.Client();
        await mixed.GetAsync("api/session");
        mixed.DefaultRequestHeaders.Add("X-MotorPick-Csrf", other.DefaultRequestHeaders.GetValues("X-MotorPick-Csrf").Single());
        Assert.Equal(HttpStatusCode.Forbidden, (await mixed.Tag(0, "add", [1])).StatusCode);

        using var good = await _server.SessionClient();
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "api/items/0/tags") { Content = JsonContent.Create(new { action = "add", tags = new[] { 1 } }) };
        crossSite.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await good.SendAsync(crossSite)).StatusCode);

        Assert.Empty(_server.Server.Store.History());
        Assert.Equal(HttpStatusCode.OK, (await good.Tag(0, "add", [1])).StatusCode);
    }

    [Fact]
    public async Task Only_loopback_host_names_are_answered()
    {
        Assert.Equal(200, (await Raw("/healthz", "localhost")).Status);
        Assert.Equal(200, (await Raw("/healthz", $"127.0.0.1:{_server.Url.Port}")).Status);
        var (status, body) = await Raw("/api/session", "attacker.example");
        Assert.Equal(400, status);
        Assert.DoesNotContain("csrfToken", body);
    }

    [Fact]
    public async Task Errors_reach_the_client_without_stack_traces()
    {
        var slice = Path.Combine(_server.Data.DataDir, "tomo_c7d8e9", "slice_0005.jpg");
        await File.WriteAllBytesAsync(slice, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        using var client = _server.Client();
        var response = await client.GetAsync("api/items/2/slice?z=5");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("JPEG", body);
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);

        var badJson = await (await _server.SessionClient()).PostAsync("api/items/0/tags", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.DoesNotContain("   at ", await badJson.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_shared_token_logs_in_as_one_reviewer_through_the_link_or_a_header()
    {
        var data = _server.Data;
        const string shared = "s3cret-shared-token";
        await using var server = await ReviewServer.StartAsync(data.Options(token: shared) with { DatabasePath = Path.Combine(data.Root, "t.sqlite") });
        using var anonymous = new HttpClient { BaseAddress = server.Url };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/items")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/?token=wrong-token")).StatusCode);
        // The page itself holds no review data: it loads, and shows the login form.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/")).StatusCode);

        using var header = new HttpClient { BaseAddress = server.Url };
        header.DefaultRequestHeaders.Add("X-MotorPick-Token", shared);
        Assert.Equal(HttpStatusCode.OK, (await header.GetAsync("api/items")).StatusCode);

        // The start-up link sets an HttpOnly session cookie (not the token) and redirects to the bare page.
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = server.Url };
        var link = await browser.GetAsync(server.BrowserUrl);
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        var cookie = link.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie.ToLowerInvariant());
        Assert.DoesNotContain(shared, cookie);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        var session = await (await browser.GetAsync("api/session")).Json();
        Assert.Equal("alice", session["reviewer"]!.GetValue<string>());
    }
}
