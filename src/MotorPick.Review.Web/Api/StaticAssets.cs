using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MotorPick.Review.Web.Api;

/// <summary>
/// The page's files (wwwroot/, embedded in this assembly): served from memory by exact name, so no request path ever
/// reaches the file system. Revalidated by ETag on every load (they change only with the program).
/// </summary>
public static class StaticAssets
{
    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);

    private static readonly Lazy<Dictionary<string, Asset>> Assets = new(Load);

    /// <summary>The embedded file names (relative to wwwroot).</summary>
    public static IEnumerable<string> Names => Assets.Value.Keys;

    /// <summary>True for the route of an embedded file (the page itself is <c>/</c>).</summary>
    public static bool IsAsset(PathString path) =>
        path == "/" || (path.Value is { Length: > 1 } p && Assets.Value.ContainsKey(p[1..]) && p != "/index.html");

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var name in Assets.Value.Keys)
        {
            var route = name == "index.html" ? "/" : "/" + name;
            app.MapGet(route, (HttpContext ctx) => Serve(ctx, name));
        }
    }

    private static IResult Serve(HttpContext ctx, string name)
    {
        var asset = Assets.Value[name];
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.Headers.ETag = asset.ETag;
        if (ctx.Request.Headers.IfNoneMatch.ToString() == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static Dictionary<string, Asset> Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var bytes = memory.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"";
            assets[resource["wwwroot/".Length..]] = new Asset(bytes, ContentType(resource), etag);
        }
        return assets;
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
