using MotorPick.Synthetic.Randomness;

namespace MotorPick.Synthetic.Tests;

public class DetMathTests
{
    [Theory]
    [InlineData(-20.5)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(0.3)]
    [InlineData(7.25)]
    public void ExpMatchesTheLibrary(double x) => Assert.Equal(Math.Exp(x), DetMath.Exp(x), Math.Exp(x) * 1e-14);

    [Theory]
    [InlineData(1e-9)]
    [InlineData(0.3)]
    [InlineData(1)]
    [InlineData(2.5)]
    [InlineData(12345.678)]
    public void LogMatchesTheLibrary(double x) => Assert.Equal(Math.Log(x), DetMath.Log(x), 1e-13);

    [Theory]
    [InlineData(-7)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(0.5)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(6.2)]
    public void SinCosMatchTheLibrary(double x)
    {
        var (s, c) = DetMath.SinCos(x);
        Assert.Equal(Math.Sin(x), s, 1e-14);
        Assert.Equal(Math.Cos(x), c, 1e-14);
    }

    [Fact]
    public void WedgeElongationOfSixtyDegreesIsAboutOnePointFive() =>
        Assert.Equal(1.55, MotorPick.Synthetic.Scene.SceneSampler.WedgeElongation(60), 0.01);
}
