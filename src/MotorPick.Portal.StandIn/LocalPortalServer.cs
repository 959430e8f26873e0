using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace MotorPick.Portal.StandIn;

/// <summary>
/// A local stand-in for the CryoET Data Portal: an HTTP server on 127.0.0.1 only (a free port unless one is given)
/// answering GraphQL at <c>/graphql</c> from a <see cref="StandInCatalogue"/> and serving its files under <c>/files/</c>
/// with single-range support (206 / 416), optionally injecting faults (<see cref="Faults"/>). For tests, demos
/// (<c>motorpick portal serve-local</c>) and benchmarks.
/// </summary>
public sealed class LocalPortalServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private StandInCatalogue _catalogue = null!;
    private MiniGraphQl _graphQl = null!;

    private LocalPortalServer(WebApplication app) => _app = app;

    /// <summary>The GraphQL endpoint (http://127.0.0.1:PORT/graphql).</summary>
    public string Endpoint { get; private set; } = "";

    public string BaseUrl { get; private set; } = "";

    public StandInCatalogue Catalogue => _catalogue;

    /// <summary>Faults to inject from now on (null: none). May be swapped while serving.</summary>
    public FaultInjector? Faults { get; set; }

    /// <summary>When set, answers GraphQL requests (body in, body out) instead of the catalogue; null falls through.</summary>
    public Func<string, string?>? GraphQlOverride { get; set; }

    /// <summary>GET requests per file path (below /files/), including failed ones.</summary>
    public ConcurrentDictionary<string, int> FileRequests { get; } = new(StringComparer.Ordinal);

    public int GraphQlRequests => _graphQlRequests;

    /// <summary>File body bytes sent.</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    private int _graphQlRequests;
    private long _bytesServed;

    /// <summary>Starts serving <paramref name="dataDir"/> (see <see cref="StandInCatalogue.FromDirectory"/>) on 127.0.0.1.</summary>
    public static async Task<LocalPortalServer> StartAsync(string dataDir, int port = 0, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Loopback only: the stand-in must never be reachable from another machine.
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, port);
            o.AddServerHeader = false;
            o.Limits.MaxRequestBodySize = 16 << 20;
        });
        var app = builder.Build();
        var server = new LocalPortalServer(app);
        app.MapPost("/graphql", server.GraphQlAsync);
        app.MapGet("/files/{**path}", server.FileAsync);
        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var actualPort = new Uri(address).Port;
        server.BaseUrl = $"http://127.0.0.1:{actualPort}";
        server.Endpoint = server.BaseUrl + "/graphql";
        server._catalogue = StandInCatalogue.FromDirectory(dataDir, server.BaseUrl + "/files");
        server._graphQl = new MiniGraphQl(server._catalogue.Roots.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
        return server;
    }

    /// <summary>
    /// Until the host stops or <paramref name="ct"/> is cancelled. The host's console lifetime also listens for SIGTERM
    /// and Ctrl+C, so a serving command waits on both, as review serve does, and ends on whichever comes first.
    /// </summary>
    public Task WaitForShutdownAsync(CancellationToken ct) => _app.WaitForShutdownAsync(ct);

    private async Task GraphQlAsync(HttpContext ctx)
    {
        Interlocked.Increment(ref _graphQlRequests);
        string body;
        using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8)) body = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);
        var answer = GraphQlOverride?.Invoke(body) ?? _graphQl.Execute(body);
        var fault = Faults?.Decide("graphql:" + body) ?? FaultKind.None;
        await SendAsync(ctx, Encoding.UTF8.GetBytes(answer), "application/json", fault).ConfigureAwait(false);
    }

    private async Task FileAsync(HttpContext ctx, string path)
    {
        FileRequests.AddOrUpdate(path, 1, (_, c) => c + 1);
        var local = _catalogue.Resolve(path);
        if (local is null)
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var length = new FileInfo(local).Length;
        long start = 0, end = length - 1;
        var ranged = false;
        var rangeHeader = ctx.Request.Headers.Range.ToString();
        if (rangeHeader.Length > 0)
        {
            if (!TryParseRange(rangeHeader, length, out start, out end))
            {
                ctx.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                ctx.Response.Headers.ContentRange = $"bytes */{length}";
                return;
            }
            ranged = true;
        }
        var fault = Faults?.Decide(path) ?? FaultKind.None;
        ctx.Response.Headers.AcceptRanges = "bytes";
        if (ranged && fault is not (FaultKind.Status500 or FaultKind.Status503))
        {
            ctx.Response.StatusCode = StatusCodes.Status206PartialContent;
            ctx.Response.Headers.ContentRange = $"bytes {start}-{end}/{length}";
        }
        var count = end - start + 1;
        if (fault == FaultKind.None)
        {
            ctx.Response.ContentType = "application/octet-stream";
            ctx.Response.ContentLength = count;
            await ctx.Response.SendFileAsync(local, start, count, ctx.RequestAborted).ConfigureAwait(false);
            Interlocked.Add(ref _bytesServed, count);
            return;
        }
        var bytes = new byte[count];
        await using (var fs = new FileStream(local, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            fs.Position = start;
            await fs.ReadExactlyAsync(bytes, ctx.RequestAborted).ConfigureAwait(false);
        }
        await SendAsync(ctx, bytes, "application/octet-stream", fault).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="body"/>, damaged as <paramref name="fault"/> says.</summary>
    private async Task SendAsync(HttpContext ctx, byte[] body, string contentType, FaultKind fault)
    {
        var response = ctx.Response;
        try
        {
            switch (fault)
            {
                case FaultKind.Status500:
                case FaultKind.Status503:
                    response.StatusCode = fault == FaultKind.Status500 ? 500 : 503;
                    response.Headers.Remove(HeaderNames.ContentRange);
                    return;
                case FaultKind.Slow:
                    await Task.Delay(Faults!.SlowDelay, ctx.RequestAborted).ConfigureAwait(false);
                    break;
                case FaultKind.Stall:
                    await Task.Delay(Faults!.StallDelay, ctx.RequestAborted).ConfigureAwait(false);
                    break;
                case FaultKind.DropMidBody:
                    response.ContentType = contentType;
                    response.ContentLength = body.Length;
                    await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), ctx.RequestAborted).ConfigureAwait(false);
                    await response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
                    Interlocked.Add(ref _bytesServed, body.Length / 2);
                    ctx.Abort();
                    return;
                case FaultKind.Truncate:
                    response.ContentType = contentType;
                    await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), ctx.RequestAborted).ConfigureAwait(false);
                    Interlocked.Add(ref _bytesServed, body.Length / 2);
                    return;
                case FaultKind.WrongContentLength:
                    var shortLength = body.Length - Math.Max(1, body.Length / 3);
                    if (shortLength < 0) shortLength = 0;
                    response.ContentType = contentType;
                    response.ContentLength = shortLength;
                    await response.Body.WriteAsync(body.AsMemory(0, shortLength), ctx.RequestAborted).ConfigureAwait(false);
                    Interlocked.Add(ref _bytesServed, shortLength);
                    return;
            }
            response.ContentType = contentType;
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, ctx.RequestAborted).ConfigureAwait(false);
            Interlocked.Add(ref _bytesServed, body.Length);
        }
        catch (OperationCanceledException)
        {
            // The client went away (e.g. it timed out during a stall).
        }
    }

    /// <summary>One range "bytes=a-b", "bytes=a-" or "bytes=-n" inside a file of <paramref name="length"/> bytes.</summary>
    internal static bool TryParseRange(string header, long length, out long start, out long end)
    {
        start = 0;
        end = length - 1;
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(',')) return false;
        var spec = header["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0) return false;
        var a = spec[..dash];
        var b = spec[(dash + 1)..];
        if (a.Length == 0)
        {
            if (!long.TryParse(b, out var suffix) || suffix <= 0) return false;
            start = Math.Max(0, length - suffix);
            return length > 0;
        }
        if (!long.TryParse(a, out start) || start >= length) return false;
        if (b.Length > 0)
        {
            if (!long.TryParse(b, out end) || end < start) return false;
            end = Math.Min(end, length - 1);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
