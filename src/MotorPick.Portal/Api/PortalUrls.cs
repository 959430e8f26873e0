using MotorPick.Core;

namespace MotorPick.Portal.Api;

/// <summary>
/// Which URLs MotorPick fetches: https, and plain http only to a loopback host (the local stand-in). URLs come from the
/// portal's answers, so <c>file:///etc/passwd</c>, <c>ftp://</c> or http to another machine (readable and changeable on
/// the way) are refused with an error naming the URL, which fails the run that holds it and nothing else.
/// </summary>
public static class PortalUrls
{
    /// <summary>Returns <paramref name="url"/> as a URI or throws a <see cref="MotorPickException"/> naming it and <paramref name="what"/>.</summary>
    public static Uri Check(string? url, string what)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Host)))
            throw new MotorPickException($"{what}: '{Shorten(url)}' is not an absolute URL; expected https://host/...", Shorten(url));
        if (uri.Scheme == Uri.UriSchemeHttps) return uri;
        if (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback) return uri;
        var expected = uri.Scheme == Uri.UriSchemeHttp
            ? "plain http is accepted only for a loopback host (127.0.0.1, ::1, localhost: the local stand-in)"
            : "expected https (or http to a loopback host)";
        throw new MotorPickException($"{what}: scheme '{uri.Scheme}' is refused; {expected}", Shorten(url));
    }

    private static string Shorten(string? url) => url is null ? "(none)" : url.Length <= 200 ? url : url[..200] + "...";
}
