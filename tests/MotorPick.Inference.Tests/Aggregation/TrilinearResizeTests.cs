using MotorPick.Formats.Geometry;
using MotorPick.Inference.Aggregation;

namespace MotorPick.Inference.Tests.Aggregation;

public class TrilinearResizeTests
{
    [Fact]
    public void UpsamplesWithHalfPixelCentresClampedAtZero()
    {
        // 1-D along x: [0, 1] -> 4 values: src = 0.5 * (d + 0.5) - 0.5 = -0.25 (-> 0), 0.25, 0.75, 1.25 (i1 clamped).
        var output = TrilinearResize.Resize([0f, 1f], new VolumeShape(1, 1, 2), new VolumeShape(1, 1, 4));
        Assert.Equal([0f, 0.25f, 0.75f, 1f], output);
    }

    [Fact]
    public void SameShapeIsACopy()
    {
        var input = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        Assert.Equal(input, TrilinearResize.Resize(input, new VolumeShape(2, 3, 4), new VolumeShape(2, 3, 4)));
    }

    [Fact]
    public void ConstantStaysConstantInThreeDimensions()
    {
        var input = Enumerable.Repeat(2.5f, 14 * 28 * 28).ToArray();
        var output = TrilinearResize.Resize(input, new VolumeShape(14, 28, 28), new VolumeShape(28, 56, 56));
        Assert.All(output, v => Assert.Equal(2.5f, v));
    }

    [Fact]
    public void LinearRampIsReproducedInside()
    {
        // z ramp 0, 1, 2 -> 6 samples at src = 0.5 * (d + 0.5) - 0.5, clamped to [0, 2].
        var input = new float[] { 0, 1, 2 };
        var output = TrilinearResize.Resize(input, new VolumeShape(3, 1, 1), new VolumeShape(6, 1, 1));
        Assert.Equal([0f, 0.25f, 0.75f, 1.25f, 1.75f, 2f], output);
    }
}
