using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MotorPick.Review.Web.Tests;

/// <summary>A real review server on a free port of 127.0.0.1 over <see cref="ReviewData"/>, and clients for it.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(ReviewData data, ReviewServer server)
    {
        Data = data;
        Server = server;
    }

    public ReviewData Data { get; }
    public ReviewServer Server { get; }
    public Uri Url => Server.Url;

    public static async Task<RunningServer> StartAsync(ReviewData? data = null, Func<ReviewData, ReviewServerOptions>? options = null)
    {
        data ??= new ReviewData();
        var server = await ReviewServer.StartAsync(options?.Invoke(data) ?? data.Options());
        return new RunningServer(data, server);
    }

    /// <summary>A client with its own cookies, logged in as nobody.</summary>
    public HttpClient Anonymous()
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false };
        return new HttpClient(handler) { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A client with its own cookies that sends <paramref name="reviewer"/>'s token (header), holding no anti-forgery token yet.</summary>
    public HttpClient Client(string reviewer = "alice")
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("X-MotorPick-Token", Data.Tokens[reviewer]);
        return client;
    }

    /// <summary>A client logged in as <paramref name="reviewer"/> through the login link (session cookie), like a browser.</summary>
    public async Task<HttpClient> BrowserClient(string reviewer = "alice")
    {
        var client = Anonymous();
        var link = await client.GetAsync(Server.LoginUrl(Data.Tokens[reviewer]));
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        return client;
    }

    /// <summary>A client logged in as <paramref name="reviewer"/> that fetched /api/session and sends its anti-forgery token on every request, like the page.</summary>
    public async Task<HttpClient> SessionClient(string reviewer = "alice")
    {
        var client = await BrowserClient(reviewer);
        return await WithCsrf(client);
    }

    /// <summary>Fetches /api/session with <paramref name="client"/> and adds its anti-forgery token to every request.</summary>
    public static async Task<HttpClient> WithCsrf(HttpClient client)
    {
        var session = await client.GetFromJsonAsync<JsonObject>("api/session");
        client.DefaultRequestHeaders.Add(session!["csrfHeader"]!.GetValue<string>(), session["csrfToken"]!.GetValue<string>());
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Data.Dispose();
    }
}

/// <summary>Small helpers for JSON calls.</summary>
public static class Http
{
    public static async Task<JsonNode> Json(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static Task<HttpResponseMessage> Tag(this HttpClient client, int item, string action, int[] tags, string? reviewer = null, string? requestId = null) =>
        client.PostAsJsonAsync($"api/items/{item}/tags", new { reviewer, action, tags, requestId });

    public static Task<HttpResponseMessage> Undo(this HttpClient client, string? reviewer = null, string? requestId = null) =>
        client.PostAsJsonAsync("api/undo", new { reviewer, requestId });

    public static int[] Ints(this JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<int>()).ToArray();

    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);
}
