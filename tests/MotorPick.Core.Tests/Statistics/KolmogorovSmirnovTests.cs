using MotorPick.Core.Statistics;

namespace MotorPick.Core.Tests.Statistics;

public class KolmogorovSmirnovTests
{
    [Fact]
    public void KolmogorovSmirnovGapIsTheLargestDistanceBetweenTheStepFunctions()
    {
        Assert.Equal(1.0, KolmogorovSmirnov.TwoSample([1, 2, 3], [4, 5, 6]).D);
        Assert.Equal(0.5, KolmogorovSmirnov.TwoSample([0.1, 0.2, 0.3, 0.4], [0.3, 0.4, 0.5, 0.6]).D, 12);
        Assert.Equal(0.0, KolmogorovSmirnov.TwoSample([1.0, 1.0, 0.5], [0.5, 1.0, 1.0]).D);
    }

    [Theory]
    [InlineData(0.5, 0.9639)]   // Kolmogorov's distribution, textbook tables
    [InlineData(1.0, 0.2700)]
    [InlineData(1.358, 0.0500)] // the 5 % critical value
    [InlineData(1.628, 0.0100)] // the 1 % critical value
    public void KolmogorovSurvivalFunctionMatchesTheTables(double lambda, double p) =>
        Assert.Equal(p, KolmogorovSmirnov.SurvivalFunction(lambda), 3);
}
