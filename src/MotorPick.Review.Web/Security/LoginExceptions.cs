namespace MotorPick.Review.Web.Security;

/// <summary>An endpoint that needs a reviewer ran without one (401); <see cref="AccessGuard"/> normally answers first.</summary>
public sealed class NotLoggedInException() : Exception("log in first");

/// <summary>A request body named another reviewer than the logged-in one (403): decisions are never made in someone else's name.</summary>
public sealed class OtherReviewerException(string loggedIn, string named)
    : Exception($"you are logged in as {loggedIn}: decisions are recorded under your own name, not '{(named.Length > 64 ? named[..64] + "..." : named)}'");
