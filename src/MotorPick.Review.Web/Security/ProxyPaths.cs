using System.Net;
using System.Text.RegularExpressions;

namespace MotorPick.Review.Web.Security;

/// <summary>
/// The shapes of what a proxy may tell the server: a path prefix (--base-path, X-Forwarded-Prefix) and host names
/// (--allowed-host). Kept strict because the prefix ends up in the cookie's Path and host names in the Host check.
/// </summary>
public static partial class ProxyPaths
{
    /// <summary>'/' and one or more segments of unreserved URL characters, no '.' or '..' segment; a trailing '/' is allowed.</summary>
    public static bool IsValidPrefix(string? prefix)
    {
        if (prefix is null || !PrefixShape().IsMatch(prefix)) return false;
        return prefix.Split('/', StringSplitOptions.RemoveEmptyEntries).All(s => s is not ("." or ".."));
    }

    /// <summary>A DNS name (labels of letters, digits and '-') or an IP address, without a port.</summary>
    public static bool IsValidHostName(string? name) =>
        name is { Length: > 0 and <= 253 } && (HostShape().IsMatch(name) || IPAddress.TryParse(name.Trim('[', ']'), out _));

    [GeneratedRegex(@"^(/[A-Za-z0-9._~-]+)+/?$")]
    private static partial Regex PrefixShape();

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostShape();
}
