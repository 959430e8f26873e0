using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MotorPick.Core;

namespace MotorPick.Review.Web.Security;

/// <summary>
/// Turns exceptions into short JSON answers: a bad request (400) for invalid arguments, 403 for a missing or wrong
/// anti-forgery token or a body that names another reviewer, 413 and friends for requests Kestrel refused, the message for data problems
/// (<see cref="MotorPickException"/>, 500), and a generic message for anything else. Never a stack trace: those go
/// to the server's log only.
/// </summary>
public sealed class ErrorShield(RequestDelegate next, ILogger<ErrorShield> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var (status, message) = ex switch
            {
                AntiforgeryValidationException => (StatusCodes.Status403Forbidden, "missing or invalid anti-forgery token: reload the page"),
                BadHttpRequestException b => (b.StatusCode, b.StatusCode == StatusCodes.Status413PayloadTooLarge ? "request body too large" : "bad request"),
                NotLoggedInException n => (StatusCodes.Status401Unauthorized, n.Message),
                OtherReviewerException o => (StatusCodes.Status403Forbidden, o.Message),
                Api.ItemNotFoundException n => (StatusCodes.Status404NotFound, n.Message),
                ArgumentException a => (StatusCodes.Status400BadRequest, a.Message),
                MotorPickException m => (StatusCodes.Status500InternalServerError, m.Message),
                _ => (StatusCodes.Status500InternalServerError, "internal error; the server's log has the details"),
            };
            if (status >= 500) log.LogError(ex, "request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            await AccessGuard.Refuse(context, status, message);
        }
    }
}
