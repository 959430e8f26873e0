using System.Globalization;
using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Jpeg;
using MotorPick.Tests;
using MotorPick.Volumes.Histograms;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Resampling;

namespace MotorPick.Volumes.Tests.Histograms;

/// <summary>docs/reference.md 4 and 9.14, on the reference's committed histogram.json.</summary>
public class HistogramJsonTests
{
    private static readonly Lazy<IReadOnlyList<TomogramHistogram>> Reference = new(() => HistogramJson.Read(Fixtures.Path("reference", "histogram.json")));

    private static Dictionary<string, double> Spacings()
    {
        var lines = File.ReadAllLines(Fixtures.Path("reference", "gt.csv"));
        var header = lines[0].Split(',');
        int id = Array.IndexOf(header, "tomo_id"), vs = Array.IndexOf(header, "voxel_spacing");
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[id], f => double.Parse(f[vs], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Serialising_reproduces_the_file_byte_for_byte()
    {
        var text = File.ReadAllText(Fixtures.Path("reference", "histogram.json"));
        Assert.Equal(text, HistogramJson.Serialize(Reference.Value));
    }

    [Fact]
    public void Spaced_shape_is_the_floor_rule_for_all_648()
    {
        var spacing = Spacings();
        Assert.Equal(648, Reference.Value.Count);
        foreach (var e in Reference.Value)
        {
            for (var a = 0; a < 3; a++)
                Assert.Equal(e.SpacedShape[a], AxisPlan.OutputLength(ResampleMethod.TorchTrilinear, e.OriShape[a], spacing[e.TomoId], 13.1));
            Assert.Equal((long)e.SpacedShape[0] * e.SpacedShape[1] * e.SpacedShape[2], e.Hist.Sum());
        }
        var first = Reference.Value[0];
        Assert.Equal("tomo_003acc", first.TomoId);
        Assert.Equal(new[] { 248, 948, 916 }, first.SpacedShape);
    }

    [Fact]
    public void The_ratio_rule_finds_exactly_the_15_competition_ids()
    {
        var flagged = Reference.Value.Where(e => e.LooksWronglyQuantised).Select(e => e.TomoId).ToHashSet();
        Assert.True(flagged.SetEquals(Quantisation.CompetitionIds));
        Assert.Equal(1.5758161404737379, Reference.Value.Single(e => e.TomoId == "tomo_08bf73").DarkRatio, 15);
        var others = Reference.Value.Where(e => !e.LooksWronglyQuantised).ToList();
        Assert.Equal(633, others.Count);
        Assert.Equal(0.340946046576918, others.Average(e => 100.0 * e.Hist[0] / e.Hist.Sum()), 12);
    }

    [Fact]
    public void Broken_files_are_clear_errors()
    {
        using var dir = Fixtures.TempDir();
        File.WriteAllText(dir.File("a.json"), "{\"t\": {\"ori_shape\": [1, 2], \"spaced_shape\": [1, 1, 1], \"hist\": []}}");
        Assert.Contains("ori_shape", Assert.Throws<MotorPickException>(() => HistogramJson.Read(dir.File("a.json"))).Message);
        File.WriteAllText(dir.File("b.json"), "{\"t\": ");
        Assert.Contains("invalid JSON", Assert.Throws<MotorPickException>(() => HistogramJson.Read(dir.File("b.json"))).Message);
    }

    [Fact]
    public void Histogram_of_the_fixture_stack_counts_every_resampled_voxel()
    {
        using var stack = JpegSliceStack.Open(Fixtures.Path("peer", "slices", "tomo_fixture"));
        var h = TomogramHistograms.Compute("tomo_fixture", stack, 16.0, new HistogramOptions());
        Assert.Equal(new[] { 20, 24, 28 }, h.OriShape);
        Assert.Equal(new[] { 24, 29, 34 }, h.SpacedShape); // floor(n * 16/13.1): upsampled
        Assert.Equal(24L * 29 * 34, h.Hist.Sum());
        // Spacing equal to the target: no resampling, the histogram is the stack's own bincount.
        using var same = JpegSliceStack.Open(Fixtures.Path("peer", "slices", "tomo_fixture"));
        var plain = TomogramHistograms.Compute("tomo_fixture", same, 13.1, new HistogramOptions());
        var volume = same.ReadAll();
        var counts = new long[256];
        foreach (var v in volume) counts[v]++;
        Assert.Equal(counts, plain.Hist);
    }
}
