using System.Net;
using System.Net.Http.Json;
using MotorPick.Core;

namespace MotorPick.Review.Web.Tests;

/// <summary>
/// Reviewers are who they say they are (issue 19): every request but the page's files needs a login, also on
/// loopback; writes are made by the logged-in reviewer whatever the body says; sessions are cookies that hold no token.
/// </summary>
public sealed class ReviewerLoginTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(new ReviewData(depth: 8, height: 32, width: 32));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("api/session")]
    [InlineData("api/items")]
    [InlineData("api/items/0")]
    [InlineData("api/items/0/slice?z=3")]
    [InlineData("api/history")]
    [InlineData("api/export")]
    [InlineData("api/agreement")]
    public async Task A_request_without_a_token_is_refused_on_loopback(string path)
    {
        Assert.True(_server.Server.Options.IsLoopback);
        using var anonymous = _server.Anonymous();
        var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("tomo_", await response.Content.ReadAsStringAsync());

        using var wrong = _server.Anonymous();
        wrong.DefaultRequestHeaders.Add("X-MotorPick-Token", _server.Data.Tokens["alice"][..^1] + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Writes_without_a_login_are_refused_and_the_page_files_stay_public()
    {
        using var anonymous = _server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Tag(0, "add", [1], reviewer: "alice")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Undo(reviewer: "alice")).StatusCode);
        Assert.Empty(_server.Server.Store.History());
        foreach (var path in new[] { "/", "app.js", "app.css", "favicon.svg", "healthz" })
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Alice_cannot_tag_or_undo_as_bob()
    {
        using var alice = await _server.SessionClient("alice");
        using var bob = await _server.SessionClient("bob");
        await (await bob.Tag(0, "add", [1])).Json();

        // alice's session names bob in the body: refused, nothing recorded for anyone.
        var forged = await alice.Tag(2, "add", [1], reviewer: "bob");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("logged in as alice", (await forged.Json(HttpStatusCode.Forbidden))["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.Undo(reviewer: "bob")).StatusCode);
        Assert.Single(_server.Server.Store.History());
        Assert.Equal([1], _server.Server.Store.Current("bob").Single().Tags);

        // The same with the token in a header instead of the session cookie.
        using var header = await RunningServer.WithCsrf(_server.Client("alice"));
        Assert.Equal(HttpStatusCode.Forbidden, (await header.Tag(2, "add", [1], reviewer: "bob")).StatusCode);

        // Without a name, or with her own, alice writes as alice; her undo leaves bob's decision alone.
        Assert.Equal("alice", (await (await alice.Tag(2, "add", [1])).Json())["reviewer"]!.GetValue<string>());
        Assert.Equal("alice", (await (await alice.Undo(reviewer: "alice")).Json())["reviewer"]!.GetValue<string>());
        await (await alice.Undo()).Json(HttpStatusCode.NotFound);
        Assert.Equal(["alice", "alice", "bob"], _server.Server.Store.History().Select(e => e.Reviewer));
        Assert.Equal([1], _server.Server.Store.Current("bob").Single().Tags);
    }

    [Fact]
    public async Task The_login_link_and_form_start_a_session_whose_cookie_holds_no_token_and_logout_ends_it()
    {
        var token = _server.Data.Tokens["bob"];
        using var link = _server.Anonymous();
        var redirect = await link.GetAsync(_server.Server.LoginUrl(token));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var cookie = redirect.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("motorpick_session=", StringComparison.Ordinal));
        Assert.DoesNotContain(token, cookie);
        Assert.Contains("httponly", cookie.ToLowerInvariant());
        Assert.Contains("samesite=strict", cookie.ToLowerInvariant());
        Assert.DoesNotContain("secure", cookie.ToLowerInvariant().Replace("httponly", ""));
        Assert.Equal("bob", (await (await link.GetAsync("api/session")).Json())["reviewer"]!.GetValue<string>());

        using var form = _server.Anonymous();
        var refused = await form.PostAsJsonAsync("api/login", new { token = "not-the-token-of-anyone" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var login = await (await form.PostAsJsonAsync("api/login", new { token })).Json();
        Assert.Equal("bob", login["reviewer"]!.GetValue<string>());
        await RunningServer.WithCsrf(form);
        await (await form.Tag(0, "add", [1])).Json();
        Assert.Equal("bob", _server.Server.Store.Current().Single().Reviewer);

        await (await form.PostAsync("api/logout", null)).Json();
        Assert.Equal(HttpStatusCode.Unauthorized, (await form.GetAsync("api/items")).StatusCode);
        // The other session of bob is still alive.
        Assert.Equal(HttpStatusCode.OK, (await link.GetAsync("api/items")).StatusCode);
    }

    [Fact]
    public async Task No_auth_serves_one_reviewer_without_login_on_loopback_only()
    {
        var data = _server.Data;
        var options = data.Options() with { NoAuth = true, LocalReviewer = "carol", DatabasePath = Path.Combine(data.Root, "laptop.sqlite") };
        await using (var server = await ReviewServer.StartAsync(options))
        {
            using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = server.Url };
            var session = await (await client.GetAsync("api/session")).Json();
            Assert.Equal("carol", session["reviewer"]!.GetValue<string>());
            Assert.False(session["login"]!.GetValue<bool>());
            await RunningServer.WithCsrf(client);
            Assert.Equal("carol", (await (await client.Tag(0, "add", [1])).Json())["reviewer"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Tag(2, "add", [1], reviewer: "alice")).StatusCode);
            Assert.Equal(["carol"], server.Store.History().Select(e => e.Reviewer));
        }

        var offLoopback = await Assert.ThrowsAsync<MotorPickException>(() => ReviewServer.StartAsync(options with { Host = "0.0.0.0" }));
        Assert.Equal("--no-auth", offLoopback.Field);
        var badName = await Assert.ThrowsAsync<MotorPickException>(() => ReviewServer.StartAsync(options with { LocalReviewer = "carol smith" }));
        Assert.Equal("--as", badName.Field);
    }

    [Fact]
    public async Task Off_loopback_the_same_logins_apply()
    {
        var data = _server.Data;
        await using var server = await ReviewServer.StartAsync(data.Options(host: "0.0.0.0") with { DatabasePath = Path.Combine(data.Root, "lan.sqlite") });
        using var anonymous = new HttpClient { BaseAddress = server.Url };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/items")).StatusCode);
        using var bob = new HttpClient { BaseAddress = server.Url };
        bob.DefaultRequestHeaders.Add("X-MotorPick-Token", data.Tokens["bob"]);
        Assert.Equal("bob", (await (await bob.GetAsync("api/session")).Json())["reviewer"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_accounts_or_a_token_the_server_does_not_start()
    {
        var data = _server.Data;
        var options = data.Options() with { ReviewersPath = Path.Combine(data.Root, "nobody.json"), DatabasePath = Path.Combine(data.Root, "x.sqlite") };
        var ex = await Assert.ThrowsAsync<MotorPickException>(() => ReviewServer.StartAsync(options));
        Assert.Contains("--reviewer NAME", ex.Message);
        Assert.Contains("--no-auth", ex.Message);
    }
}
