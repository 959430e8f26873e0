using System.Net;
using MotorPick.Core;
using Xunit.Abstractions;

namespace MotorPick.Review.Web.Tests;

/// <summary>
/// The review page behind lab proxies: a kept path prefix (--base-path), X-Forwarded-Prefix believed only from a
/// trusted proxy (--trusted-proxy), the Host check's list (--allowed-host); and the page itself in Chromium behind a
/// path-prefix reverse proxy like JupyterHub's.
/// </summary>
public sealed class ProxyTests(ITestOutputHelper output)
{
    private const string HubPrefix = "/user/alice/proxy/8080";

    [Fact]
    public async Task A_base_path_serves_the_page_under_the_prefix_and_scopes_the_session_cookie_to_it()
    {
        await using var server = await RunningServer.StartAsync(options: d => d.Options() with { BasePath = "/node/c12/8080/" });
        Assert.Equal(new Uri(server.Url, "/node/c12/8080/"), server.Server.PageUrl);
        using var client = server.Anonymous();
        Assert.Equal("ok", await client.GetStringAsync("node/c12/8080/healthz"));
        var bare = await client.GetAsync("node/c12/8080");
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/node/c12/8080/", bare.Headers.Location!.OriginalString);
        var login = await client.GetAsync(server.Server.LoginUrl(server.Data.Tokens["alice"]));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("path=/node/c12/8080", SessionCookie(login), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task X_forwarded_prefix_is_ignored_unless_it_comes_from_a_trusted_proxy()
    {
        await using var untrusting = await RunningServer.StartAsync();
        Assert.Contains("path=/;", SessionCookie(await LoginWithPrefix(untrusting, "/evil")) + ";", StringComparison.OrdinalIgnoreCase);

        await using var trusting = await RunningServer.StartAsync(options: d => d.Options() with { TrustedProxies = ["127.0.0.1"] });
        Assert.Contains("path=/hub/user/bob", SessionCookie(await LoginWithPrefix(trusting, "/hub/user/bob")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_host_outside_the_allowed_list_is_refused_and_an_allowed_one_is_served()
    {
        await using var plain = await RunningServer.StartAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await HealthAs(plain, "review.lab.example")).StatusCode);

        await using var allowing = await RunningServer.StartAsync(options: d => d.Options() with { AllowedHosts = ["review.lab.example"] });
        Assert.Equal(HttpStatusCode.OK, (await HealthAs(allowing, "review.lab.example")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await HealthAs(allowing, "127.0.0.1")).StatusCode);
        var refused = await HealthAs(allowing, "evil.example");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("--allowed-host", await refused.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("--base-path", "node/x")]
    [InlineData("--base-path", "/a/../b")]
    [InlineData("--trusted-proxy", "proxy.lab")]
    [InlineData("--allowed-host", "bad host")]
    public void Malformed_proxy_options_are_refused_naming_the_option(string field, string value)
    {
        using var data = new ReviewData();
        var options = field switch
        {
            "--base-path" => data.Options() with { BasePath = value },
            "--trusted-proxy" => data.Options() with { TrustedProxies = [value] },
            _ => data.Options() with { AllowedHosts = [value] },
        };
        var e = Assert.Throws<MotorPickException>(options.Validate);
        Assert.Equal(field, e.Field);
    }

    [ChromiumFact]
    public async Task The_page_works_behind_a_path_prefix_proxy_with_keys_and_both_circle_cues()
    {
        var executable = SystemTests.Require(Chromium.FindExecutable(), "chromium", ChromiumFactAttribute.Install);
        await using var server = await RunningServer.StartAsync(new ReviewData(depth: 40, height: 320, width: 320, spacing: 20),
            d => d.Options(heatmaps: d.WriteHeatmaps()) with { TrustedProxies = ["127.0.0.1"] });
        await using var proxy = await PrefixProxy.StartAsync(server.Url, HubPrefix);
        await using var browser = await Chromium.LaunchAsync(executable, 1440, 900);

        await browser.Navigate(new Uri(proxy.PageUrl, "?token=" + Uri.EscapeDataString(server.Data.Tokens["alice"])).ToString());
        await browser.WaitFor("document.body.dataset.ready === '1'");
        Assert.Equal(proxy.PageUrl.ToString(), (await browser.Evaluate("location.origin + location.pathname"))!.GetValue<string>());
        Assert.Equal("alice", (await browser.Evaluate("document.querySelector('#reviewer').textContent"))!.GetValue<string>());

        // A decision through the proxy reaches the store.
        await browser.PressDigit(1);
        await browser.WaitFor("document.body.dataset.pending === '0'");
        Assert.Equal("1", string.Join(",", server.Server.Store.Current("alice").Single(d => d.Item == 0).Tags));

        // j / k move like n / p; End and Home jump to the ends of the list.
        await browser.Press("End", "End", 35);
        Assert.Equal("item-4", (await browser.Evaluate("document.querySelector('#item-list [aria-selected=true]').id"))!.GetValue<string>());
        await browser.Press("k", "KeyK", 75);
        Assert.Equal("item-3", (await browser.Evaluate("document.querySelector('#item-list [aria-selected=true]').id"))!.GetValue<string>());
        await browser.Press("Home", "Home", 36);
        await browser.Press("j", "KeyJ", 74);
        Assert.Equal("item-1", (await browser.Evaluate("document.querySelector('#item-list [aria-selected=true]').id"))!.GetValue<string>());

        // The keys dialog lists exactly the keys the handler's table knows.
        var handled = (await browser.Evaluate("JSON.stringify(Object.keys(KEYS).sort())"))!.GetValue<string>();
        var listed = (await browser.Evaluate("JSON.stringify([...document.querySelectorAll('#help kbd[data-key]')].map(k => k.dataset.key).sort())"))!.GetValue<string>();
        Assert.Equal(handled, listed);
        Assert.True((await browser.Evaluate("document.querySelectorAll('#help [data-keys=digits]').length === 3"))!.GetValue<bool>());

        // Labels and candidates differ beyond colour: solid "L" against dashed "C" (item 3: a label and a candidate).
        await browser.Press("End", "End", 35);
        await browser.Press("k", "KeyK", 75);
        await browser.WaitFor("document.querySelectorAll('#columns circle[data-kind=candidate]').length > 0 && document.querySelectorAll('#columns circle[data-kind=label]').length > 0");
        await browser.WaitFor("document.querySelectorAll('#columns circle').length > 0");
        Assert.True((await browser.Evaluate(
            "[...document.querySelectorAll('#columns circle')].every(c => (c.dataset.kind === 'candidate') === c.hasAttribute('stroke-dasharray'))"))!.GetValue<bool>());
        Assert.True((await browser.Evaluate("[...document.querySelectorAll('#columns text')].every(t => /^(L\\d*|C\\d+)$/.test(t.textContent))"))!.GetValue<bool>());
        Assert.Equal("Crop", (await browser.Evaluate("document.querySelector('#crop').closest('label').firstChild.textContent.trim()"))!.GetValue<string>());

        await browser.WaitFor("[...document.querySelectorAll('#columns img')].every(i => i.complete && i.naturalWidth > 0)");
        await browser.WaitFor("!document.querySelector('#status').classList.contains('show')", 10);
        await Task.Delay(400);
        var png = await browser.Screenshot();
        var path = Path.Combine(AppContext.BaseDirectory, "review-page-proxy.png");
        await File.WriteAllBytesAsync(path, png);
        if (Environment.GetEnvironmentVariable("MOTORPICK_SCREENSHOT_DIR") is { Length: > 0 } dir)
            await File.WriteAllBytesAsync(Path.Combine(dir, "review-page-proxy.png"), png);
        output.WriteLine($"screenshot: {path}");
        Assert.True(browser.Errors.IsEmpty, string.Join("\n", browser.Errors));
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Single(c => c.StartsWith("motorpick_session=", StringComparison.Ordinal)) : "";

    private static async Task<HttpResponseMessage> LoginWithPrefix(RunningServer server, string prefix)
    {
        using var client = server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, server.Server.LoginUrl(server.Data.Tokens["alice"]));
        request.Headers.Add("X-Forwarded-Prefix", prefix);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    private static async Task<HttpResponseMessage> HealthAs(RunningServer server, string host)
    {
        using var client = server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "healthz");
        request.Headers.Host = $"{host}:{server.Url.Port}";
        return await client.SendAsync(request);
    }
}
