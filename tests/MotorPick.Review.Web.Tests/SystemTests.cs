using MotorPick.Tests;

namespace MotorPick.Review.Web.Tests;

/// <summary>A fact that needs Debian's chromium: skipped without it, unless system tests are required.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Install = "apt-get install -y chromium";

    public ChromiumFactAttribute()
    {
        Skip = SystemTests.SkipReason(Chromium.FindExecutable() is not null, "chromium", Install);
    }
}
