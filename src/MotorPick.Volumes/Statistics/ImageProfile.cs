using System.Globalization;
using MotorPick.Core;
using MotorPick.Core.Statistics;

namespace MotorPick.Volumes.Statistics;

/// <summary>
/// The <see cref="ImageStatistics"/> of a model's training tomograms, every value kept (sorted, per feature), so that new
/// tomograms can be tested against the whole distribution: a model only knows the images it learnt from, and its
/// confidences on images unlike them (another contrast, resolution or noise level) mean little, however high they are.
/// </summary>
/// <param name="Tomograms">How many tomograms the profile covers.</param>
/// <param name="Values">Each feature's values over those tomograms, sorted, by <see cref="ImageFeature.Name"/>.</param>
public sealed record ImageProfile(int Tomograms, IReadOnlyDictionary<string, double[]> Values)
{
    /// <summary>Fewest tomograms on each side for a comparison (fewer give the test no power).</summary>
    public const int MinTomograms = 8;

    /// <summary>The chance of a false warning on data drawn like the training data, over all features together (Bonferroni).</summary>
    public const double Alpha = 0.01;

    /// <summary>
    /// Smallest Kolmogorov-Smirnov gap worth a warning: with hundreds of tomograms a side, a test alone flags differences
    /// too small to matter; this one asks that the two distributions be at least half apart.
    /// </summary>
    public const double MinGap = 0.5;

    public static ImageProfile Of(IReadOnlyCollection<ImageStatistics> tomograms)
    {
        if (tomograms.Count == 0) throw new ArgumentException("a profile needs at least one tomogram", nameof(tomograms));
        return new ImageProfile(tomograms.Count, ImageStatistics.Features.ToDictionary(f => f.Name,
            f => tomograms.Select(t => Math.Round(f.Of(t), 5)).Order().ToArray()));
    }

    /// <summary>
    /// Each feature of <paramref name="seen"/> (one entry per tomogram) tested against this profile with the two-sample
    /// Kolmogorov-Smirnov test; none when either side has fewer than <see cref="MinTomograms"/> tomograms, and none for a
    /// feature this profile does not hold.
    /// </summary>
    public IReadOnlyList<ImageShift> Compare(IReadOnlyCollection<ImageStatistics> seen)
    {
        var tests = new List<ImageShift>();
        if (seen.Count < MinTomograms || Tomograms < MinTomograms) return tests;
        var perFeature = Alpha / ImageStatistics.Features.Count;
        foreach (var feature in ImageStatistics.Features)
        {
            if (!Values.TryGetValue(feature.Name, out var trained) || trained.Length < MinTomograms) continue;
            var here = seen.Select(feature.Of).Order().ToArray();
            var (d, p) = KolmogorovSmirnov.TwoSample(trained, here);
            tests.Add(new ImageShift(feature, d, p, Summary.Of(here), Summary.Of(trained), Shifted: p < perFeature && d >= MinGap));
        }
        return tests;
    }

    /// <summary>
    /// A warning naming every feature on which <paramref name="seen"/> is distributed unlike this profile (p below
    /// <see cref="Alpha"/> shared among the features, and a gap of at least <see cref="MinGap"/>), with its numbers; null
    /// when none is.
    /// </summary>
    public string? Warning(IReadOnlyCollection<ImageStatistics> seen) => Warning(Compare(seen), seen.Count);

    /// <summary>The warning for the outcome of <see cref="Compare"/> over <paramref name="seenCount"/> tomograms (null when nothing shifted).</summary>
    public string? Warning(IReadOnlyList<ImageShift> tests, int seenCount)
    {
        var shifts = tests.Where(s => s.Shifted).ToList();
        if (shifts.Count == 0) return null;
        return $"these {seenCount} tomograms do not look like the {Tomograms} the model was trained on, so its confidences here may not mean " +
               $"what they meant in training:{string.Concat(shifts.Select(s => "\n  - " + s.Describe()))}";
    }

    /// <summary>Median and 10-90 % range of sorted values (numpy's linear quantiles).</summary>
    public readonly record struct Summary(double Median, double Low, double High)
    {
        public static Summary Of(double[] sorted) =>
            new(PyNumbers.QuantileSorted(sorted, 0.5), PyNumbers.QuantileSorted(sorted, 0.1), PyNumbers.QuantileSorted(sorted, 0.9));

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"median {Median:G3} (10-90 %: {Low:G3} to {High:G3})");
    }
}

/// <summary>One feature of new tomograms against a model's training tomograms: the test's gap and p, and whether it counts as shifted.</summary>
public sealed record ImageShift(ImageFeature Feature, double Gap, double P, ImageProfile.Summary Here, ImageProfile.Summary Training, bool Shifted)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Feature.Meaning}: {Here} here, {Training} in training (Kolmogorov-Smirnov D = {Gap:0.##}, p = {P:G2})");
}
