using MotorPick.Core;
using MotorPick.Portal.Api;
using MotorPick.Portal.StandIn;

namespace MotorPick.Portal.Tests;

/// <summary>HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured and loopback is never proxied (issue 19, item 3). The
/// proxy is a tiny server on 127.0.0.1 that records what it is asked and refuses it: nothing leaves this machine.</summary>
[Collection(StandInCollection.Name)]
public class ProxyTests(StandInData data)
{
    private static RawHttpServer RefusingProxy() =>
        new((_, s, ct) => RawHttpServer.RespondAsync(s, "403 Forbidden", ct: ct));

    [Fact]
    public async Task A_portal_request_goes_through_the_HTTPS_PROXY_of_the_environment()
    {
        await using var proxy = RefusingProxy();
        var env = new Dictionary<string, string> { ["HTTPS_PROXY"] = proxy.BaseUrl };
        using var http = PortalHttp.CreateClient(environment: env.GetValueOrDefault);
        // A name under .invalid: the client never resolves it itself (the proxy would), and no resolver knows it.
        var client = new PortalClient(new GraphQlClient(http, "https://graphql.portal.invalid/graphql", RetryPolicy.Fast with { MaxAttempts = 2 }));
        await Assert.ThrowsAsync<MotorPickException>(() => client.RunsWithObjectAsync());
        Assert.Equal(2, proxy.Requests.Count);
        Assert.All(proxy.Requests, r => Assert.Equal(("CONNECT", "graphql.portal.invalid:443"), (r.Method, r.Target)));
    }

    [Fact]
    public async Task A_plain_http_request_goes_through_HTTP_PROXY()
    {
        await using var proxy = RefusingProxy();
        var env = new Dictionary<string, string> { ["http_proxy"] = proxy.BaseUrl };
        using var http = PortalHttp.CreateClient(environment: env.GetValueOrDefault);
        using var response = await http.GetAsync("http://files.portal.invalid/a/b.zarr/.zattrs");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
        var request = Assert.Single(proxy.Requests);
        Assert.Equal(("GET", "http://files.portal.invalid/a/b.zarr/.zattrs"), (request.Method, request.Target));
    }

    [Fact]
    public async Task Loopback_is_never_proxied_so_the_stand_in_works_behind_a_proxy()
    {
        await using var proxy = RefusingProxy();
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        var env = new Dictionary<string, string> { ["HTTP_PROXY"] = proxy.BaseUrl, ["HTTPS_PROXY"] = proxy.BaseUrl, ["ALL_PROXY"] = proxy.BaseUrl };
        using var http = PortalHttp.CreateClient(environment: env.GetValueOrDefault);
        var runs = await new PortalClient(new GraphQlClient(http, server.Endpoint, RetryPolicy.Fast)).RunsWithObjectAsync();
        Assert.Equal(6, runs.Count);
        Assert.Empty(proxy.Requests);
    }

    [Fact]
    public void NO_PROXY_names_hosts_domains_addresses_and_ranges_that_go_direct()
    {
        var proxy = EnvironmentProxy.FromEnvironment(new Dictionary<string, string>
        {
            ["https_proxy"] = "proxy.example.org:3128",
            ["no_proxy"] = "internal.example.org, .lab.example.org,10.0.0.0/8, 192.168.1.5,s3.example.org:8443",
        }.GetValueOrDefault)!;
        Assert.Equal(new Uri("http://proxy.example.org:3128"), proxy.GetProxy(new Uri("https://graphql.cryoetdataportal.czscience.com/graphql")));
        foreach (var direct in new[] { "https://internal.example.org/", "https://a.internal.example.org/", "https://x.lab.example.org/",
                     "https://10.2.3.4/", "https://192.168.1.5/", "https://s3.example.org:8443/", "https://127.0.0.1:5/", "https://[::1]/", "https://localhost/" })
            Assert.True(proxy.IsBypassed(new Uri(direct)), direct);
        foreach (var proxied in new[] { "https://notinternal.example.org/", "https://192.168.1.6/", "https://s3.example.org/", "https://example.org/" })
            Assert.False(proxy.IsBypassed(new Uri(proxied)), proxied);
        Assert.Null(proxy.GetProxy(new Uri("http://files.example.org/"))); // no http proxy given
        Assert.Null(EnvironmentProxy.FromEnvironment(_ => null));
        Assert.True(EnvironmentProxy.FromEnvironment(new Dictionary<string, string> { ["ALL_PROXY"] = "http://p:1", ["NO_PROXY"] = "*" }.GetValueOrDefault)!
            .IsBypassed(new Uri("https://anything.example.org/")));
        // Under CGI a request header can set HTTP_PROXY: like curl and .NET, only the lower-case name counts there.
        Assert.Null(EnvironmentProxy.FromEnvironment(new Dictionary<string, string> { ["HTTP_PROXY"] = "http://p:1", ["REQUEST_METHOD"] = "GET" }.GetValueOrDefault));
        var bad = Assert.Throws<MotorPickException>(() => EnvironmentProxy.FromEnvironment(new Dictionary<string, string> { ["HTTPS_PROXY"] = "http://" }.GetValueOrDefault));
        Assert.Contains("HTTPS_PROXY", bad.Message);
    }
}
