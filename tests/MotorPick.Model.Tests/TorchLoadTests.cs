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

    [Fact]
    public void HeldBatchNorm3dMatchesTorchSharpsBatchNorm3dInNamesAndOutputs()
    {
        using var ours = Norm.BatchNorm3d(4);
        using var theirs = nn.BatchNorm3d(4);
        Assert.Equal(theirs.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal), ours.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(theirs.parameters().Count(), ours.parameters().Count());
        manual_seed(3);
        using var x = randn(new long[] { 2, 4, 3, 5, 5 }) * 3 + 1;
        for (int i = 0; i < 3; i++)
        {
            using var a = ours.call(x);
            using var b = theirs.call(x);
            Assert.True(a.allclose(b, rtol: 0, atol: 0), "train-mode outputs differ");
        }
        foreach (var k in theirs.state_dict().Keys)
            Assert.True(ours.state_dict()[k].eq(theirs.state_dict()[k]).all().item<bool>(), $"{k} differs after 3 training batches");
        Assert.Equal(3L, ours.state_dict()["num_batches_tracked"].item<long>());
        ours.eval();
        theirs.eval();
        using var ea = ours.call(x);
        using var eb = theirs.call(x);
        Assert.True(ea.eq(eb).all().item<bool>(), "eval-mode outputs differ");
        Assert.Equal(3L, ours.state_dict()["num_batches_tracked"].item<long>());
    }
}
