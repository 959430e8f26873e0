using MotorPick.Tests;
using Xunit.Abstractions;

namespace MotorPick.Cli.Tests.Chaos;

[Collection(ChaosCollection.Name)]
public class HistogramChaosTests(ChaosData data, ITestOutputHelper log)
{
    [Fact]
    public void Killed_histogram_runs_resume_from_their_parts_to_the_same_file()
    {
        using var tmp = Fixtures.TempDir();
        var outDir = tmp.File("hist");
        var output = Path.Combine(outDir, "histogram.json");
        string[] args = ["histogram", "--data", data.Train, "--labels", data.Labels, "--spacing", "5", "--out", output];
        var chaos = ChaosRun.Start(outDir, args, seed: 202);
        var parts = output + ".parts";
        var done = Directory.Exists(parts) ? data.Ids.Where(id => File.Exists(Path.Combine(parts, id + ".json"))).ToList() : [];

        var final = chaos.Finish(args);
        log.WriteLine(chaos.Describe(final) + $"; {done.Count} of {data.Ids.Count} histograms done before the rerun");
        chaos.AssertSameOutputs();
        chaos.AssertNoLeftovers();
        foreach (var id in done) ChaosRun.AssertLogged(final, $"skipped {id}: histogram kept from an earlier run");
        Assert.Equal(data.Ids.Count - done.Count, data.Ids.Count(id => !final.Text.Contains($"skipped {id}:", StringComparison.Ordinal)));
    }
}
