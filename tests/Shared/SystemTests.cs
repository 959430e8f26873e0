using Xunit.Sdk;

namespace MotorPick.Tests;

/// <summary>
/// The rule for tests that need a system package: on a user's machine they skip with the reason and the install
/// command; where <c>MOTORPICK_REQUIRE_SYSTEM_TESTS=1</c> (CI, which installs the packages) they run and fail instead.
/// </summary>
public static class SystemTests
{
    public const string RequireVariable = "MOTORPICK_REQUIRE_SYSTEM_TESTS";

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>The skip reason when <paramref name="found"/> is false and the tests are not required; else null (run).</summary>
    public static string? SkipReason(bool found, string what, string install) =>
        found || Required ? null : $"{what} is not installed ({install}); set {RequireVariable}=1 to make this a failure";

    /// <summary>Inside a test that runs: fails clearly when the requirement is missing after all.</summary>
    public static T Require<T>(T? value, string what, string install) where T : class =>
        value ?? throw new XunitException($"{what} is required here ({RequireVariable}=1) but was not found; install it with: {install}");
}
