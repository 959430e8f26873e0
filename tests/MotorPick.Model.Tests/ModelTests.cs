using MotorPick.Model.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Tests;

public class HeatmapUNet3dTests
{
    [Theory]
    [InlineData("tiny", 16)]
    [InlineData("tiny", 8)]
    [InlineData("tiny", 4)]
    [InlineData("x3d-tiny", 16)]
    [InlineData("resnet101-mini", 16)]
    [InlineData("convnext-2.5d-mini", 16)]
    [InlineData("convnext-2.5d-mini", 8)]
    [InlineData("convnext-2.5d-mini", 4)]
    public void OutputIsInputOverStride(string preset, int stride)
    {
        using var model = new HeatmapUNet3d(ModelPresets.Get(preset, stride));
        model.eval();
        using var _ = no_grad();
        using var x = full(new long[] { 1, 1, 32, 64, 64 }, 128f);
        using var y = model.call(x);
        Assert.Equal(new long[] { 1, 1, 32 / stride, 64 / stride, 64 / stride }, y.shape);
        Assert.False(y.isnan().any().item<bool>());
    }

    [Fact]
    public void ParameterNamesFollowTorchvision()
    {
        using var model = new HeatmapUNet3d(ModelPresets.Get("tiny"));
        var names = model.named_parameters().Select(p => p.name).ToHashSet();
        Assert.Contains("encoder.conv1.weight", names);
        Assert.Contains("encoder.bn1.weight", names);
        Assert.Contains("encoder.layer2.0.downsample.0.weight", names);
        Assert.Contains("encoder.layer4.0.conv2.weight", names);
        Assert.Contains("neck.lateral.0.conv.weight", names);
        Assert.Contains("decoder.0.conv.weight", names);
        Assert.Contains("head.weight", names);
        Assert.Contains("head.bias", names);
    }

    [Fact]
    public void X3dNamesFollowPytorchvideo()
    {
        using var model = new HeatmapUNet3d(ModelPresets.Get("x3d-tiny"));
        var names = model.named_parameters().Select(p => p.name).ToHashSet();
        Assert.Contains("encoder.stem.conv_xy.weight", names);
        Assert.Contains("encoder.stem.conv_t.weight", names);
        Assert.Contains("encoder.stages.0.0.conv_b.weight", names);
        Assert.Contains("encoder.stages.0.0.se.fc1.weight", names);
        Assert.Contains("encoder.stages.1.0.branch1_conv.weight", names);
    }

    [Fact]
    public void X3dRoundWidthMatchesPytorchvideo()
    {
        Assert.Equal(8, X3dEncoder3d.RoundWidth(54, 0.0625));
        Assert.Equal(16, X3dEncoder3d.RoundWidth(216, 0.0625));
        Assert.Equal(32, X3dEncoder3d.RoundWidth(432, 0.0625));
    }

    [Fact]
    public void UnknownPresetIsABadInput() => Assert.Throws<Core.MotorPickException>(() => ModelPresets.Get("resnet999"));
}
