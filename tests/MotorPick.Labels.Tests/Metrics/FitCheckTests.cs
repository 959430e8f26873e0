using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;

namespace MotorPick.Labels.Tests;

/// <summary>The fit check warns when a model's confidences on new data are far from those on its validation data.</summary>
public class FitCheckTests
{
    private static readonly ConfidenceProfile Validation = ConfidenceProfile.Of([0.02, 0.05, 0.4, 0.7, 0.8, 0.9, 0.95, 0.97], threshold: 0.5);

    [Fact]
    public void ProfileHoldsNumpyQuantilesAndTheShareAboveTheThreshold()
    {
        var p = ConfidenceProfile.Of([0.0, 0.25, 0.5, 0.75, 1.0], 0.5);
        Assert.Equal([0.1, 0.25, 0.5, 0.75, 0.9], p.Quantiles);
        Assert.Equal(0.6, p.ShareAbove, 12);
        Assert.Equal(5, p.Tomograms);
    }

    [Fact]
    public void BestPerTomogramCountsATomogramWithoutCandidatesAsZero()
    {
        var preds = new[]
        {
            new Prediction("a", new Point3(1, 2, 3), 0.3), new Prediction("a", new Point3(4, 5, 6), 0.8),
            new Prediction("b", Point3.None, 0.0),
        };
        Assert.Equal([0.8, 0.0], ConfidenceProfile.BestPerTomogram(preds));
    }

    [Fact]
    public void EveryBestCandidateBelowTheThresholdIsAFitWarningWithNumbers()
    {
        var w = Assert.Single(FitCheck.Compare(Validation, [0.01, 0.02, 0.0, 0.03, 0.01]));
        Assert.Contains("below the model's decision threshold", w);
        Assert.Contains("0 % at or above 0.5", w.Replace("0%", "0 %"));
        Assert.Contains("on its validation data median", w);
    }

    [Fact]
    public void DataLikeTheValidationDataGiveNoWarning() =>
        Assert.Empty(FitCheck.Compare(Validation, [0.03, 0.3, 0.6, 0.75, 0.9, 0.96]));

    [Fact]
    public void ConfidentCandidatesEverywhereAreAWarningToo()
    {
        var sceptical = ConfidenceProfile.Of([0.0, 0.01, 0.02, 0.6, 0.7, 0.1], 0.5);
        Assert.Contains(FitCheck.Compare(sceptical, [0.9, 0.95, 0.99, 0.97, 0.93, 0.96]), w => w.Contains("artefacts may be firing"));
    }

    [Fact]
    public void TooFewTomogramsAreNotJudged() => Assert.Empty(FitCheck.Compare(Validation, [0.0, 0.0]));

    [Fact]
    public void QuantileThresholdNearZeroWarnsAboutTheTomogramsItWouldDeclare()
    {
        var w = FitCheck.QuantileNearZero([0.001, 0.002, 0.003, 0.004, 0.9], 0.55, 0.0028);
        Assert.NotNull(w);
        Assert.Contains("2 tomogram(s)", w);
        Assert.Null(FitCheck.QuantileNearZero([0.3, 0.5, 0.9], 0.55, 0.5));
    }

    private static double[] Uniform(int seed, int n, double lo, double hi)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * rng.NextDouble()).ToArray();
    }

    [Fact]
    public void AShiftTheCoarseRulesMissIsCaughtByTheWholeDistribution()
    {
        var validation = ConfidenceProfile.Of(Uniform(1, 24, 0.55, 1.0), 0.5);
        // some tomograms still above the threshold and the median well above a tenth: only the distribution differs
        var shifted = Uniform(2, 24, 0.15, 0.75);
        var w = Assert.Single(FitCheck.Compare(validation, shifted));
        Assert.Contains("Kolmogorov-Smirnov D = ", w);
        Assert.Contains("on its validation data median", w);
        Assert.Empty(FitCheck.Compare(validation, Uniform(3, 24, 0.55, 1.0)));
    }

    [Fact]
    public void ACardWithoutTheValuesIsJudgedByTheCoarseRulesOnly()
    {
        var old = ConfidenceProfile.Of(Uniform(1, 24, 0.55, 1.0), 0.5) with { Best = null };
        Assert.Empty(FitCheck.Compare(old, Uniform(2, 24, 0.15, 0.75)));
    }
}
