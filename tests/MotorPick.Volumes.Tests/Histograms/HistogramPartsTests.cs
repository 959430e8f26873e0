using MotorPick.Core;
using MotorPick.Tests;
using MotorPick.Volumes.Histograms;

namespace MotorPick.Volumes.Tests.Histograms;

public class HistogramPartsTests
{
    private static readonly HistogramInput[] Inputs =
    [
        new("tomo_a", Fixtures.Path("peer", "slices", "tomo_fixture"), 16.0),
        new("tomo_b", Fixtures.Path("peer", "slices", "tomo_fixture"), 20.0),
    ];

    private static readonly HistogramOptions Options = new() { TargetSpacing = 24, MaxDegreeOfParallelism = 1 };

    [Fact]
    public void Finished_tomograms_are_kept_and_taken_back_instead_of_computed_again()
    {
        using var tmp = Fixtures.TempDir();
        var parts = HistogramParts.DirectoryFor(tmp.File("histogram.json"));
        var first = HistogramParts.ComputeAll(Inputs, Options, parts);
        Assert.Equal(HistogramJson.Serialize(TomogramHistograms.ComputeAll(Inputs, Options)), HistogramJson.Serialize(first));
        Assert.True(File.Exists(Path.Combine(parts, "tomo_a.json")));

        // a marked part proves the second run reads it instead of computing tomo_a again
        var marked = first[0] with { Hist = Enumerable.Repeat(7L, 256).ToArray() };
        HistogramJson.Write(Path.Combine(parts, "tomo_a.json"), [marked]);
        File.Delete(Path.Combine(parts, "tomo_b.json"));
        File.WriteAllText(Path.Combine(parts, "tomo_b.json") + AtomicFile.TempMarker + "2147483646-ab", "{\"tomo_b\": "); // a pid that cannot run
        var reports = new List<HistogramProgress>();
        var second = HistogramParts.ComputeAll(Inputs, Options, parts, new SyncProgress(reports.Add));
        Assert.Equal(marked.Hist, second[0].Hist);
        Assert.Equal(first[1].Hist, second[1].Hist);
        Assert.Equal([true, false], reports.Select(r => r.Skipped));
        Assert.Empty(Directory.GetFiles(parts, "*" + AtomicFile.TempMarker + "*"));

        HistogramParts.Finish(parts);
        Assert.False(Directory.Exists(parts));
    }

    [Fact]
    public void Parts_made_with_other_options_are_discarded()
    {
        using var tmp = Fixtures.TempDir();
        var parts = HistogramParts.DirectoryFor(tmp.File("histogram.json"));
        var first = HistogramParts.ComputeAll(Inputs, Options, parts);
        HistogramJson.Write(Path.Combine(parts, "tomo_a.json"), [first[0] with { Hist = new long[256] }]);
        var other = HistogramParts.ComputeAll(Inputs, Options with { RoundToHalf = false }, parts);
        Assert.Equal(TomogramHistograms.ComputeAll(Inputs, Options with { RoundToHalf = false })[0].Hist, other[0].Hist);
    }

    private sealed class SyncProgress(Action<HistogramProgress> report) : IProgress<HistogramProgress>
    {
        public void Report(HistogramProgress value) => report(value);
    }

    [Fact]
    public void A_tomo_id_that_would_put_its_part_outside_the_parts_folder_is_refused()
    {
        using var tmp = Fixtures.TempDir();
        var parts = HistogramParts.DirectoryFor(tmp.File("histogram.json"));
        var ex = Assert.Throws<MotorPickException>(() =>
            HistogramParts.ComputeAll([new HistogramInput("../evil", Fixtures.Path("peer", "slices", "tomo_fixture"), 16.0)], Options, parts));
        Assert.Contains("'../evil' is not a valid identifier", ex.Message);
        Assert.False(File.Exists(tmp.File("evil.json")));
    }
}
