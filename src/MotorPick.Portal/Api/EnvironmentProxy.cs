using System.Net;
using MotorPick.Core;

namespace MotorPick.Portal.Api;

/// <summary>
/// The proxy named by the environment, read the way curl and .NET read it: <c>https_proxy</c> for https URLs,
/// <c>http_proxy</c> for http, <c>all_proxy</c> for both when those are unset (lower case first, then upper case; upper
/// case HTTP_PROXY is ignored under CGI, where a request header can set it), and <c>no_proxy</c>: a comma-separated list of
/// host names (matching the host and its subdomains; a leading <c>.</c> or <c>*.</c> is the same), IP addresses, CIDR
/// ranges, optionally with <c>:port</c>, or <c>*</c> for everything. Loopback hosts are never proxied, so the local
/// stand-in works behind any proxy. MotorPick reads the variables itself rather than through
/// <see cref="HttpClient.DefaultProxy"/> so that this rule is explicit and can be tested with given variables.
/// </summary>
public sealed class EnvironmentProxy : IWebProxy
{
    private readonly Uri? _http;
    private readonly Uri? _https;
    private readonly List<string> _noProxy;

    private EnvironmentProxy(Uri? http, Uri? https, string? noProxy)
    {
        _http = http;
        _https = https;
        _noProxy = (noProxy ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToLowerInvariant()).ToList();
        var withUser = https?.UserInfo.Length > 0 ? https : http?.UserInfo.Length > 0 ? http : null;
        if (withUser is not null)
        {
            var parts = withUser.UserInfo.Split(':', 2);
            Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }
    }

    /// <summary>The proxy the variables name, or null when they name none. <paramref name="getVariable"/> defaults to
    /// the process environment.</summary>
    public static EnvironmentProxy? FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var cgi = !string.IsNullOrEmpty(getVariable("REQUEST_METHOD"));
        string? Var(string lower, bool upperAllowed = true) =>
            NonEmpty(getVariable(lower)) ?? (upperAllowed ? NonEmpty(getVariable(lower.ToUpperInvariant())) : null);
        var all = Parse(Var("all_proxy"), "ALL_PROXY");
        var http = Parse(Var("http_proxy", upperAllowed: !cgi), "HTTP_PROXY") ?? all;
        var https = Parse(Var("https_proxy"), "HTTPS_PROXY") ?? all;
        return http is null && https is null ? null : new EnvironmentProxy(http, https, Var("no_proxy"));
    }

    public ICredentials? Credentials { get; set; }

    public Uri? GetProxy(Uri destination)
    {
        if (IsBypassed(destination)) return null;
        return destination.Scheme == Uri.UriSchemeHttps ? _https : destination.Scheme == Uri.UriSchemeHttp ? _http : null;
    }

    public bool IsBypassed(Uri host)
    {
        if (host.IsLoopback) return true;
        var name = host.IdnHost.Trim('[', ']').ToLowerInvariant();
        IPAddress.TryParse(name, out var address);
        foreach (var entry in _noProxy)
        {
            if (entry == "*") return true;
            var (pattern, port) = SplitPort(entry);
            if (port is { } p && p != host.Port) continue;
            if (address is not null)
            {
                if (IPNetwork.TryParse(pattern, out var net) ? net.Contains(address) : IPAddress.TryParse(pattern, out var ip) && ip.Equals(address)) return true;
                continue;
            }
            var suffix = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[1..] : pattern.StartsWith('.') ? pattern : "." + pattern;
            if (name == suffix[1..] || name.EndsWith(suffix, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>"host:port" -> (host, port); IPv6 addresses keep their colons (with a port they are written [addr]:port).</summary>
    private static (string Pattern, int? Port) SplitPort(string entry)
    {
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']');
            if (close > 0)
                return (entry[1..close], entry.Length > close + 2 && entry[close + 1] == ':' && int.TryParse(entry[(close + 2)..], out var p6) ? p6 : null);
        }
        var colon = entry.LastIndexOf(':');
        if (colon > 0 && entry.IndexOf(':') == colon && int.TryParse(entry[(colon + 1)..], out var p)) return (entry[..colon], p);
        return (entry, null);
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static Uri? Parse(string? value, string variable)
    {
        if (value is null) return null;
        var text = value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw new MotorPickException($"'{value}' is not a proxy address; expected e.g. http://proxy.example.org:3128", $"environment variable {variable}");
        return uri;
    }
}
