using MotorPick.Core;
using MotorPick.Inference.Aggregation;

namespace MotorPick.Inference.Tests.Aggregation;

public class ScaleRangeTests
{
    [Fact]
    public void Fact17_ReferencePlacements()
    {
        Assert.Equal((8, 36), ScaleRange.Compute(68, 292, 36.0 / 292, 0, 36));
        Assert.Equal((61, 117), ScaleRange.Compute(487, 935, 117.0 / 935, 0, 117));
        Assert.Equal((57, 113), ScaleRange.Compute(456, 904, 113.0 / 904, 0, 113));
    }

    [Fact]
    public void PythonRoundIsHalfToEven()
    {
        Assert.Equal(36, ScaleRange.PyRound(36.5));
        Assert.Equal(38, ScaleRange.PyRound(37.5));
        Assert.Equal(0, ScaleRange.PyRound(0.5));
    }

    [Fact]
    public void KeepsTheLengthWhenRoundingWouldChangeIt()
    {
        // n = round(3 * 0.5) = 2; round(2.5) - round(1.0) = 1 != 2 -> candidates int(1.0)=1 and round(1.0)=1 -> (1, 3).
        Assert.Equal((1, 3), ScaleRange.Compute(2, 5, 0.5, 0, 10));
    }

    [Fact]
    public void NoPlacementThrows() => Assert.Throws<MotorPickException>(() => ScaleRange.Compute(3, 6, 0.5, 0, 2));
}
