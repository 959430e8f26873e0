using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MotorPick.Review.Web.Security;

/// <summary>
/// The checks every request passes before it reaches an endpoint:
/// <list type="bullet">
/// <item>on loopback, the Host header must name this machine (localhost, 127.0.0.1, [::1]): a web page cannot reach
/// the server through a DNS name that it controls (DNS rebinding) and so cannot read the anti-forgery token;</item>
/// <item>with a token, the request must carry it (header <c>X-MotorPick-Token</c>, <c>Authorization: Bearer</c>, or the
/// cookie set by opening <c>/?token=...</c> once), compared in constant time;</item>
/// <item>writes must come from this origin when the browser says where they come from (Origin header);</item>
/// <item>responses carry headers that keep the page from being framed, sniffed or leaking its address.</item>
/// </list>
/// </summary>
public sealed class AccessGuard(RequestDelegate next, ReviewServerOptions options)
{
    public const string TokenHeader = "X-MotorPick-Token";
    public const string TokenCookie = "motorpick_token";
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];
    private readonly byte[]? _token = options.Token is null ? null : Encoding.UTF8.GetBytes(options.Token);

    public async Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";

        if (options.IsLoopback && !LoopbackNames.Contains(context.Request.Host.Host, StringComparer.OrdinalIgnoreCase))
        {
            await Refuse(context, StatusCodes.Status400BadRequest, "unexpected Host header: this review server answers only to localhost, 127.0.0.1 or [::1]");
            return;
        }

        if (_token is not null)
        {
            // Opening the start-up link once stores the token in a cookie and drops it from the address bar.
            if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path == "/" && context.Request.Query.TryGetValue("token", out var fromQuery)
                && Matches(fromQuery.ToString()))
            {
                context.Response.Cookies.Append(TokenCookie, options.Token!, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
                context.Response.Redirect("/");
                return;
            }
            if (!Matches(PresentedToken(context.Request)))
            {
                await Refuse(context, StatusCodes.Status401Unauthorized, "this review server needs its token: open the link printed when it started, or send the X-MotorPick-Token header");
                return;
            }
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && context.Request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(origin.ToString(), context.Request))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "cross-origin writes are refused");
            return;
        }

        await next(context);
    }

    private static string? PresentedToken(HttpRequest request)
    {
        if (request.Headers.TryGetValue(TokenHeader, out var header)) return header.ToString();
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.Ordinal)) return auth["Bearer ".Length..].Trim();
        return request.Cookies.TryGetValue(TokenCookie, out var cookie) ? cookie : null;
    }

    private bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token);

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var o)
        && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
        && o.Scheme == request.Scheme;

    internal static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new Api.ErrorDto(message));
    }
}
