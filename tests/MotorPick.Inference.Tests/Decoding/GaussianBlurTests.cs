using MotorPick.Formats.Geometry;
using MotorPick.Inference.Decoding;

namespace MotorPick.Inference.Tests.Decoding;

public class GaussianBlurTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(2.5, 0.9995930479825550)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(-1.0, -0.8427007929497149)]
    [InlineData(5.0, 0.9999999999984626)]
    public void ErfMatchesReferenceValues(double x, double expected) => Assert.Equal(expected, GaussianBlur.Erf(x), 14);

    [Fact]
    public void Round2KernelHas13TapsAndIsSymmetric()
    {
        // sigma = 1000 / 16 / 4 * 0.1 = 1.5625 heatmap voxels; tail = int(6.25 + 0.5) = 6.
        var k = GaussianBlur.Kernel(1000.0 / 16 / 4 * 0.1);
        Assert.Equal(13, k.Length);
        for (var i = 0; i < 6; i++) Assert.Equal(k[i], k[12 - i]);
        Assert.Equal(GaussianBlur.Erf(0.5 * 0.70710678 / 1.5625), k[6], 6);
        Assert.InRange(k.Sum(), 0.9999, 1.0);
    }

    [Fact]
    public void ImpulseSpreadsAsTheOuterProductOfKernels()
    {
        var shape = new VolumeShape(9, 9, 9);
        var v = new float[shape.VoxelCount];
        v[(4 * 9 + 4) * 9 + 4] = 1f;
        GaussianBlur.Apply(v, shape, 1.0);
        var k = GaussianBlur.Kernel(1.0); // 9 taps: tail = int(4.5) = 4
        Assert.Equal(k[4] * k[4] * k[4], v[(4 * 9 + 4) * 9 + 4], 6);
        Assert.Equal(k[4] * k[4] * k[5], v[(4 * 9 + 4) * 9 + 5], 6);
        Assert.Equal(k[0] * k[4] * k[8], v[(0 * 9 + 4) * 9 + 8], 7);
    }

    [Fact]
    public void ZeroPaddingLosesMassAtTheBorder()
    {
        var shape = new VolumeShape(3, 3, 3);
        var v = Enumerable.Repeat(1f, 27).ToArray();
        GaussianBlur.Apply(v, shape, 1.0);
        Assert.True(v[0] < v[13]);
    }
}
