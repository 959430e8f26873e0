using MotorPick.Volumes.Statistics;

namespace MotorPick.Volumes.Tests.Statistics;

public class ImageProfileTests
{
    /// <summary>Tomograms whose four numbers are drawn around the given centres (a spread of 10 % each).</summary>
    private static List<ImageStatistics> Draw(int seed, int n, double mean = 140, double spread = 45, double skew = -0.35, double detail = 0.64)
    {
        var rng = new Random(seed);
        double Near(double c) => c + 0.1 * Math.Abs(c) * (2 * rng.NextDouble() - 1);
        return Enumerable.Range(0, n).Select(_ => new ImageStatistics(Near(mean), Near(spread), Near(skew), Near(detail))).ToList();
    }

    [Fact]
    public void The_profile_keeps_every_tomograms_value_sorted_by_feature()
    {
        var p = ImageProfile.Of([new ImageStatistics(3, 2, 1, 0.5), new ImageStatistics(1, 4, -1, 0.25)]);
        Assert.Equal(2, p.Tomograms);
        Assert.Equal(["mean", "spread", "skewness", "fine_detail"], p.Values.Keys);
        Assert.Equal([1.0, 3.0], p.Values["mean"]);
        Assert.Equal([-1.0, 1.0], p.Values["skewness"]);
    }

    [Fact]
    public void Tomograms_drawn_like_the_training_ones_raise_no_warning()
    {
        var profile = ImageProfile.Of(Draw(1, 160));
        for (var seed = 2; seed < 12; seed++) Assert.Null(profile.Warning(Draw(seed, 24)));
    }

    [Fact]
    public void Noisier_tomograms_are_named_with_the_feature_and_its_numbers()
    {
        var profile = ImageProfile.Of(Draw(1, 160));
        var warning = profile.Warning(Draw(2, 24, detail: 0.42));
        Assert.NotNull(warning);
        Assert.Contains("these 24 tomograms do not look like the 160 the model was trained on", warning);
        Assert.Contains("finer than a 1-voxel Gaussian", warning);
        Assert.DoesNotContain("grey-level standard deviation", warning);
        Assert.Contains("Kolmogorov-Smirnov D = 1", warning);
    }

    [Fact]
    public void A_significant_but_small_shift_is_not_worth_a_warning()
    {
        // thousands a side: a shift of a few percent of the spread is significant, yet the distributions mostly overlap
        var profile = ImageProfile.Of(Draw(1, 4000));
        var tests = profile.Compare(Draw(2, 4000, spread: 46.5));
        var spread = tests.Single(t => t.Feature.Name == "spread");
        Assert.True(spread.P < 0.001, $"p {spread.P}");
        Assert.True(spread.Gap < ImageProfile.MinGap);
        Assert.False(spread.Shifted);
    }

    [Fact]
    public void Fewer_than_eight_tomograms_on_either_side_are_not_compared()
    {
        Assert.Empty(ImageProfile.Of(Draw(1, 160)).Compare(Draw(2, 7, detail: 0.1)));
        Assert.Empty(ImageProfile.Of(Draw(1, 7)).Compare(Draw(2, 24, detail: 0.1)));
    }

    [Fact]
    public void A_feature_the_profile_does_not_hold_is_skipped()
    {
        var full = ImageProfile.Of(Draw(1, 40));
        var older = full with { Values = full.Values.Where(kv => kv.Key != "fine_detail").ToDictionary() };
        Assert.DoesNotContain(older.Compare(Draw(2, 24, detail: 0.1)), t => t.Feature.Name == "fine_detail");
    }
}
