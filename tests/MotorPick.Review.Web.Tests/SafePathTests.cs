using MotorPick.Review.Web.Security;

namespace MotorPick.Review.Web.Tests;

/// <summary>Only names inside the root resolve.</summary>
public sealed class SafePathTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "safe-root");

    [Theory]
    [InlineData("tomo_1")]
    [InlineData("FP/FP-0-tomo_1-24x48x64-spacing100.0.jpg")]
    [InlineData("a/b/c.jpg")]
    public void Plain_relative_names_resolve_under_the_root(string name)
    {
        var full = SafePath.Resolve(Root, name);
        Assert.NotNull(full);
        Assert.StartsWith(Root + Path.DirectorySeparatorChar, full);
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("..")]
    [InlineData("a/../../b")]
    [InlineData("a/./b")]
    [InlineData("/etc/passwd")]
    [InlineData("\\etc\\passwd")]
    [InlineData("..\\..\\x")]
    [InlineData("a//b")]
    [InlineData("")]
    [InlineData("c:/windows")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    public void Names_that_escape_or_are_odd_are_refused(string name) => Assert.Null(SafePath.Resolve(Root, name));

    [Fact]
    public void A_segment_may_not_contain_separators()
    {
        Assert.NotNull(SafePath.ResolveSegment(Root, "tomo_1"));
        Assert.Null(SafePath.ResolveSegment(Root, "a/b"));
        Assert.Null(SafePath.ResolveSegment(Root, "a\\b"));
    }

    [Fact]
    public void A_sibling_with_the_same_prefix_is_not_inside() =>
        Assert.Null(SafePath.Resolve(Root, "../safe-root-other/x"));
}
