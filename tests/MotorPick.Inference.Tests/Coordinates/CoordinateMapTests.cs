using MotorPick.Core;
using MotorPick.Inference.Coordinates;

namespace MotorPick.Inference.Tests.Coordinates;

public class CoordinateMapTests
{
    [Theory]
    [InlineData(Fp16Coords.Single)]
    [InlineData(Fp16Coords.Double)]
    public void Fact21_BothFormulasGiveTheRound1Motor(Fp16Coords mode)
    {
        Assert.Equal(143.125, CoordinateMap.ToOriginal(17, 8, 16, 15.6, mode));
        Assert.Equal(93.875, CoordinateMap.ToOriginal(11, 8, 16, 15.6, mode));
        Assert.Equal(405.75, CoordinateMap.ToOriginal(49, 8, 16, 15.6, mode));
    }

    [Fact]
    public void Fact21_DoubleRoundingDiffersAtK62Stride4()
    {
        Assert.Equal(256.0, CoordinateMap.ToOriginal(62, 4, 16, 15.6, Fp16Coords.Double));
        Assert.Equal(255.875, CoordinateMap.ToOriginal(62, 4, 16, 15.6, Fp16Coords.Single));
    }

    [Fact]
    public void OffIsExact() => Assert.Equal((62.5 * 4 * 16 / 15.6) - 0.5, CoordinateMap.ToOriginal(62, 4, 16, 15.6, Fp16Coords.Off), 12);

    [Fact]
    public void ConfidenceIsStoredInHalfUnlessOff()
    {
        Assert.Equal(0.6552734375, CoordinateMap.StoredConf(0.65527f, Fp16Coords.Double));
        Assert.Equal((double)0.65527f, CoordinateMap.StoredConf(0.65527f, Fp16Coords.Off));
    }

    [Fact]
    public void ParsesModes()
    {
        Assert.Equal(Fp16Coords.Double, CoordinateMap.Parse("double"));
        Assert.Throws<MotorPickException>(() => CoordinateMap.Parse("triple"));
    }
}
