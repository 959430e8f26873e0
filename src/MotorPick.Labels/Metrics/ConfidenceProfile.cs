using System.Globalization;
using MotorPick.Core;
using MotorPick.Core.Statistics;
using MotorPick.Labels.Tables;

namespace MotorPick.Labels.Metrics;

/// <summary>
/// How confident a model is on a set of tomograms: the distribution of each tomogram's best candidate confidence
/// (0 where it has none) and the share at or above a decision threshold. Recorded in the model card from validation
/// data, and compared with what the model gives on new data (<see cref="FitCheck"/>).
/// </summary>
/// <param name="Tomograms">How many tomograms the profile covers.</param>
/// <param name="Quantiles">The 10, 25, 50, 75 and 90 % quantiles (numpy's linear rule) of the best confidences.</param>
/// <param name="Threshold">The decision threshold <paramref name="ShareAbove"/> refers to.</param>
/// <param name="ShareAbove">Share of tomograms whose best confidence is at or above <paramref name="Threshold"/>.</param>
/// <param name="Best">Every tomogram's best confidence, sorted (absent from cards written before it was recorded), so that new
/// data can be compared with the whole distribution rather than its quantiles.</param>
public sealed record ConfidenceProfile(int Tomograms, double[] Quantiles, double Threshold, double ShareAbove, double[]? Best = null)
{
    public static readonly double[] Levels = [0.1, 0.25, 0.5, 0.75, 0.9];

    public double Median => Quantiles[2];

    /// <summary>The profile of <paramref name="bestPerTomogram"/> (one value per tomogram; 0 where none was found).</summary>
    public static ConfidenceProfile Of(IReadOnlyCollection<double> bestPerTomogram, double threshold)
    {
        if (bestPerTomogram.Count == 0) throw new ArgumentException("a profile needs at least one tomogram", nameof(bestPerTomogram));
        var sorted = bestPerTomogram.Order().ToArray();
        var quantiles = Levels.Select(q => PyNumbers.QuantileSorted(sorted, q)).ToArray();
        return new ConfidenceProfile(sorted.Length, quantiles, threshold, sorted.Count(v => v >= threshold) / (double)sorted.Length, sorted);
    }

    /// <summary>The best confidence of each tomogram in <paramref name="predictions"/> (candidate rows; -1 coordinates or no conf count as 0).</summary>
    public static IReadOnlyList<double> BestPerTomogram(IEnumerable<Prediction> predictions) =>
        predictions.GroupBy(p => p.TomoId, StringComparer.Ordinal)
            .Select(g => g.Max(p => p.MotorConfidence))
            .ToList();

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"median {Median:0.###}, 10-90 % {Quantiles[0]:0.###}-{Quantiles[4]:0.###}, {ShareAbove:P0} at or above {Threshold:0.###} over {Tomograms} tomograms");
}

/// <summary>
/// Says when a model does not fit the data it is applied to: its best-candidate confidences there are far from the ones
/// it gave on its validation data. The rules are deliberately coarse (a warning, not a verdict), and each message
/// carries the numbers.
/// </summary>
public static class FitCheck
{
    /// <summary>Fewest tomograms a comparison is made on.</summary>
    public const int MinTomograms = 3;

    /// <summary>Fewest tomograms on each side for the distribution test (fewer give it no power).</summary>
    public const int MinTomogramsForTest = 8;

    /// <summary>Significance level of the distribution test: one false warning in a hundred data sets like the validation data.</summary>
    public const double DistributionAlpha = 0.01;

    public static IReadOnlyList<string> Compare(ConfidenceProfile validation, IReadOnlyCollection<double> bestPerTomogram)
    {
        var warnings = new List<string>();
        if (bestPerTomogram.Count < MinTomograms) return warnings;
        var seen = ConfidenceProfile.Of(bestPerTomogram, validation.Threshold);
        string Numbers() => $"here {seen.Describe()}; on its validation data {validation.Describe()}";
        if (seen.ShareAbove == 0 && validation.ShareAbove >= 0.2)
            warnings.Add($"every tomogram's best candidate is below the model's decision threshold: the model may not fit these data ({Numbers()})");
        else if (validation.Median >= 0.05 && seen.Median < validation.Median / 10)
            warnings.Add($"the best candidates are far less confident than on the model's validation data ({Numbers()})");
        if (seen.ShareAbove >= 0.95 && validation.ShareAbove <= 0.6 && seen.Tomograms >= 5)
            warnings.Add($"nearly every tomogram has a confident candidate, far more than on the model's validation data: artefacts may be firing ({Numbers()})");
        // The coarse rules above catch the gross failures; the whole distribution catches the shifts between them.
        if (warnings.Count == 0 && validation.Best is { Length: >= MinTomogramsForTest } best && seen.Tomograms >= MinTomogramsForTest)
        {
            var (d, p) = KolmogorovSmirnov.TwoSample(best, bestPerTomogram);
            if (p < DistributionAlpha)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"the best-candidate confidences are distributed unlike those on the model's validation data (two-sample Kolmogorov-Smirnov D = {d:0.###}, p = {p:G2}): the model may not fit these data ({Numbers()})"));
        }
        return warnings;
    }

    /// <summary>
    /// The quantile rule declares a motor wherever the best confidence reaches the quantile; warns when that threshold
    /// is near zero, i.e. when tomograms whose model found nearly nothing would be declared to hold a motor.
    /// </summary>
    public static string? QuantileNearZero(IReadOnlyCollection<double> bestPerTomogram, double quantile, double threshold, double nearZero = 0.01)
    {
        if (threshold >= nearZero) return null;
        int declared = bestPerTomogram.Count(v => v > 0 && v >= threshold && v < nearZero);
        return declared == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"the {quantile:0.###} quantile of the best confidences is {threshold:G3}: {declared} tomogram(s) whose best confidence is below {nearZero} would be declared to hold a motor; the model finds almost nothing in these data (consider --threshold)");
    }
}
