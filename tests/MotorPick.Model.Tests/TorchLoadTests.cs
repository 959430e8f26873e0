using MotorPick.Model.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Tests;

/// <summary>TorchSharp loads (the GLIBCXX verneed patch of build/TorchSharpNativePatch.targets worked).</summary>
public class TorchLoadTests
{
    [Fact]
    public void OnesSumIsThree()
    {
        using var t = ones(3);
        using var s = t.sum();
        Assert.Equal(3f, s.item<float>());
    }
}

public class NormTests
{
    [Fact]
    public void GroupNormStartsAsIdentityAffine()
    {
        using var gn = Norm.GroupNorm(2, 4);
        Assert.All(gn.weight!.data<float>().ToArray(), w => Assert.Equal(1f, w));
        Assert.All(gn.bias!.data<float>().ToArray(), b => Assert.Equal(0f, b));
        using var x = randn(new long[] { 1, 4, 3, 3, 3 });
        using var y = gn.call(x);
        Assert.False(y.isnan().any().item<bool>());
    }
}
