using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace MotorPick.Review.Web.Tests;

/// <summary>
/// A reverse proxy on 127.0.0.1 that serves a backend under a path prefix the way JupyterHub's server proxy does
/// (YARP's direct forwarder): <c>/prefix/x</c> reaches the backend as <c>/x</c>, with X-Forwarded-Prefix, -Host and
/// -Proto; anything outside the prefix is 404.
/// </summary>
public sealed class PrefixProxy : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PrefixProxy(WebApplication app, Uri url, string prefix)
    {
        _app = app;
        Url = url;
        Prefix = prefix;
    }

    public Uri Url { get; }
    public string Prefix { get; }

    /// <summary>The backend's page through the proxy, e.g. <c>http://127.0.0.1:PORT/user/alice/proxy/8080/</c>.</summary>
    public Uri PageUrl => new(Url, Prefix + "/");

    public static async Task<PrefixProxy> StartAsync(Uri backend, string prefix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var client = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false, ActivityHeadersPropagator = null });
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        var destination = backend.GetLeftPart(UriPartial.Authority) + "/";
        app.Run(async context =>
        {
            if (!context.Request.Path.StartsWithSegments(prefix, out var rest))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            context.Request.PathBase = prefix;
            context.Request.Path = rest;
            await forwarder.SendAsync(context, destination, client, ForwarderRequestConfig.Empty, new ForwardedPrefix());
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PrefixProxy(app, new Uri(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal) + "/"), prefix);
    }

    /// <summary>The default copy of the request (path without the prefix), plus the X-Forwarded headers a hub proxy sends.</summary>
    private sealed class ForwardedPrefix : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.Headers.Remove("X-Forwarded-Prefix");
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Prefix", httpContext.Request.PathBase.Value);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Host", httpContext.Request.Host.Value);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", httpContext.Connection.RemoteIpAddress?.ToString());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
