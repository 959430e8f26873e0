using MotorPick.Model.Nn;
using MotorPick.Model.Nn.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Tests;

/// <summary>
/// The probed convolution and pooling compute what nn.Conv3d and max_pool3d compute, gradients included, on whatever
/// machine runs the tests: where a channels-last kernel is wrong (depthwise backward on some AVX-512 CPUs) the probe
/// must have picked the plain one.
/// </summary>
public class ChannelsLastTests
{
    [Theory]
    [InlineData(8, 8, 1, 1, 1, false)]
    [InlineData(8, 16, 3, 2, 1, false)]
    [InlineData(16, 16, 3, 1, 16, true)]  // depthwise, as X3D's
    [InlineData(32, 32, 3, 2, 32, false)] // depthwise, strided
    [InlineData(24, 24, 5, 1, 24, false)] // depthwise, kernel 5
    [InlineData(12, 12, 5, 2, 12, false)] // depthwise, as X3D's stem (here cubic)
    [InlineData(128, 128, 3, 1, 32, false)] // grouped, 4 channels per group (ResNeXt's)
    [InlineData(1, 8, 5, 2, 1, false)]    // a 1-channel stem runs the plain kernel
    public void ConvolutionMatchesConv3dWithTheSameWeights(int cin, int cout, int k, int stride, int groups, bool bias)
    {
        manual_seed(1);
        using var ours = new ChannelsLastConv3d(cin, cout, (k, k, k), (stride, stride, stride), (k / 2, k / 2, k / 2), groups, bias);
        manual_seed(1);
        using var reference = nn.Conv3d(cin, cout, k, stride: stride, padding: k / 2, groups: groups, bias: bias);
        Assert.Equal(reference.state_dict().Keys, ours.state_dict().Keys);
        foreach (var (name, t) in reference.state_dict())
            Assert.True(t.eq(ours.state_dict()[name]).all().item<bool>(), $"{name}: same seed, different initialisation");

        using var x = randn(new long[] { 2, cin, 8, 12, 10 }).requires_grad_(true);
        using var x2 = x.detach().clone().requires_grad_(true);
        using var a = ours.call(x);
        using var b = reference.call(x2);
        Assert.True(a.is_contiguous(), "the output is handed on contiguous");
        Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-5), "outputs differ");
        using var ga = (a * a).sum();
        using var gb = (b * b).sum();
        ga.backward();
        gb.backward();
        Assert.True(x.grad!.allclose(x2.grad!, rtol: 1e-4, atol: 1e-4), "input gradients differ");
        foreach (var (name, p) in reference.named_parameters())
            Assert.True(ours.named_parameters().Single(q => q.name == name).parameter.grad!.allclose(p.grad!, rtol: 1e-4, atol: 1e-3), $"{name} gradients differ");
    }

    [Fact]
    public void MaxPoolMatchesMaxPool3dWithGradients()
    {
        manual_seed(2);
        using var x = randn(new long[] { 2, 8, 9, 16, 15 }).requires_grad_(true);
        using var x2 = x.detach().clone().requires_grad_(true);
        using var pool = new ProbedMaxPool3d(8, 3, 2, 1);
        using var a = pool.call(x);
        using var b = nn.functional.max_pool3d(x2, [3, 3, 3], [2, 2, 2], [1, 1, 1]);
        Assert.True(a.is_contiguous());
        Assert.True(a.eq(b).all().item<bool>(), "pooled values differ");
        a.sum().backward();
        b.sum().backward();
        Assert.True(x.grad!.eq(x2.grad!).all().item<bool>(), "gradients differ");
    }

    [Fact]
    public void HeapTrimIsHarmless() => NativeHeap.Trim();
}
