using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MotorPick.Review.Web.Security;

/// <summary>
/// Who is asking: the reviewer of the request's session cookie, or of the token it carries (header
/// <c>X-MotorPick-Token</c> or <c>Authorization: Bearer</c>), or, with <c>--no-auth</c>, the one local reviewer.
/// The reviewer is never taken from what the request says about itself.
/// </summary>
public sealed class ReviewerLogin(ReviewServerOptions options, ReviewerAccounts accounts, ReviewSessions sessions)
{
    public const string TokenHeader = "X-MotorPick-Token";
    private const string ItemKey = "motorpick.reviewer";
    private readonly byte[]? _sharedToken = options.Token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(options.Token));

    public ReviewSessions Sessions => sessions;

    /// <summary>False with <c>--no-auth</c>.</summary>
    public bool Required => !options.NoAuth;

    /// <summary>The reviewer a token belongs to (an account, or the shared token's reviewer), or null.</summary>
    public string? ByToken(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 256) return null;
        var account = accounts.Authenticate(token);
        // Hashing first gives both sides the same length, so the comparison takes the same time for any token.
        var shared = _sharedToken is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), _sharedToken);
        return account ?? (shared ? options.LocalReviewer : null);
    }

    /// <summary>The reviewer of this request, or null when it is not logged in.</summary>
    public string? Identify(HttpRequest request)
    {
        if (!Required) return options.LocalReviewer;
        if (request.Cookies.TryGetValue(ReviewSessions.Cookie, out var session) && sessions.Reviewer(session) is { } fromSession) return fromSession;
        if (request.Headers.TryGetValue(TokenHeader, out var header)) return ByToken(header.ToString());
        var auth = request.Headers.Authorization.ToString();
        return auth.StartsWith("Bearer ", StringComparison.Ordinal) ? ByToken(auth["Bearer ".Length..].Trim()) : null;
    }

    /// <summary>Starts a session and sets its cookie: HttpOnly, SameSite=Strict, and Secure over HTTPS.</summary>
    public void SignIn(HttpContext context, string reviewer)
    {
        var id = sessions.Start(reviewer);
        context.Response.Cookies.Append(ReviewSessions.Cookie, id, CookieOptions(context));
        context.Items[ItemKey] = reviewer;
    }

    /// <summary>Ends the request's session and clears its cookie.</summary>
    public void SignOut(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(ReviewSessions.Cookie, out var session)) sessions.End(session);
        context.Response.Cookies.Delete(ReviewSessions.Cookie, CookieOptions(context));
    }

    private static CookieOptions CookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        // Scoped to the page's prefix behind a proxy, so other applications on the proxy's host never receive it.
        Path = context.Request.PathBase.HasValue ? context.Request.PathBase.Value : "/",
        IsEssential = true,
    };

    /// <summary>Records the reviewer that <see cref="AccessGuard"/> found for this request.</summary>
    internal static void SetCurrent(HttpContext context, string reviewer) => context.Items[ItemKey] = reviewer;

    /// <summary>The logged-in reviewer of this request (set by <see cref="AccessGuard"/> before any API endpoint runs).</summary>
    public static string Current(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var r) && r is string name ? name : throw new NotLoggedInException();
}
