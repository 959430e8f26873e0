using Microsoft.AspNetCore.Http;

namespace MotorPick.Review.Web.Security;

/// <summary>
/// The checks every request passes before it reaches an endpoint:
/// <list type="bullet">
/// <item>on loopback, the Host header must name this machine (localhost, 127.0.0.1, [::1]) or a name of --allowed-host
/// (a proxy's): a web page cannot reach the server through a DNS name that it controls (DNS rebinding) and so cannot
/// read the anti-forgery token; off loopback the same list applies once --allowed-host names any host;</item>
/// <item>every request but the page's own files, <c>/healthz</c> and <c>POST /api/login</c> must come from a logged-in
/// reviewer (<see cref="ReviewerLogin"/>: session cookie, or a token header compared in constant time), also on
/// loopback, where other users of a shared machine can connect too; opening <c>/?token=...</c> logs in and drops the
/// token from the address bar;</item>
/// <item>writes must come from this origin when the browser says where they come from (Origin header);</item>
/// <item>responses carry headers that keep the page from being framed, sniffed or leaking its address.</item>
/// </list>
/// </summary>
public sealed class AccessGuard(RequestDelegate next, ReviewServerOptions options, ReviewerLogin login)
{
    public const string TokenHeader = ReviewerLogin.TokenHeader;
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>The names the Host header may carry: this machine's on loopback, and those of --allowed-host.</summary>
    private readonly HashSet<string> _allowedHosts = new(
        (options.IsLoopback ? LoopbackNames : []).Concat(options.AllowedHosts.Select(h => h.Contains(':') && !h.StartsWith('[') ? $"[{h}]" : h)),
        StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";
        // Not on loopback: browsers would then force HTTPS on every localhost port for a year.
        if (context.Request.IsHttps && !options.IsLoopback) headers.StrictTransportSecurity = "max-age=31536000";

        if ((options.IsLoopback || options.AllowedHosts.Count > 0) && !_allowedHosts.Contains(context.Request.Host.Host))
        {
            await Refuse(context, StatusCodes.Status400BadRequest, $"unexpected Host header: this review server answers only to {string.Join(", ", _allowedHosts.Order(StringComparer.Ordinal))} (add a proxy's name with --allowed-host)");
            return;
        }

        // The page's own address under a prefix ends with '/', so its relative URLs stay under the prefix.
        if (context.Request.PathBase.HasValue && !context.Request.Path.HasValue && HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Redirect(context.Request.PathBase + "/" + context.Request.QueryString);
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && context.Request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(origin.ToString(), context.Request))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "cross-origin writes are refused");
            return;
        }

        // The login link: a valid token starts a session; the redirect drops the token from the address bar and history.
        if (login.Required && HttpMethods.IsGet(context.Request.Method) && context.Request.Path == "/" && context.Request.Query.TryGetValue("token", out var fromQuery))
        {
            if (login.ByToken(fromQuery.ToString()) is not { } linked)
            {
                await Refuse(context, StatusCodes.Status401Unauthorized, "this token is not valid here: ask for a new one");
                return;
            }
            login.SignIn(context, linked);
            context.Response.Redirect("./");
            return;
        }

        if (login.Identify(context.Request) is { } reviewer) ReviewerLogin.SetCurrent(context, reviewer);
        else if (!IsPublic(context.Request))
        {
            await Refuse(context, StatusCodes.Status401Unauthorized, "log in first: open the link printed for you, or give your token on the page (or send the X-MotorPick-Token header)");
            return;
        }

        await next(context);
    }

    /// <summary>What anyone may fetch: the page's files (they hold no review data), the health check, the login.</summary>
    private static bool IsPublic(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && (request.Path == "/healthz" || Api.StaticAssets.IsAsset(request.Path))
        || HttpMethods.IsPost(request.Method) && request.Path == "/api/login";

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
