using MotorPick.Core;
using Xunit;

namespace MotorPick.Core.Tests;

/// <summary>
/// Literal values (computed independently in Python) pin that seeds are the same in every process: training derived
/// its per-step seeds from the per-process salted HashCode, so two runs with one seed differed.
/// </summary>
public class StableHashTests
{
    [Fact]
    public void MixIsSplitMix64sFinaliser() => Assert.Equal(0x5692161d100b05e5UL, StableHash.Mix(1));

    [Fact]
    public void CombineIsTheSameInEveryProcess() => Assert.Equal(0x43b24eb37fbb3fc7UL, StableHash.Combine(42, 7, 3));

    [Fact]
    public void SeedIsTheTop31BitsOfCombine()
    {
        Assert.Equal(567879513, StableHash.Seed(42, 7, 3));
        Assert.Equal(1078625105, StableHash.Seed(42, 0, 0x5eed));
    }

    [Fact]
    public void KeyOrderMatters() => Assert.NotEqual(StableHash.Combine(1, 2), StableHash.Combine(2, 1));
}
