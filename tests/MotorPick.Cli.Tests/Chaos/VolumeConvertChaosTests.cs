using MotorPick.Tests;
using Xunit.Abstractions;

namespace MotorPick.Cli.Tests.Chaos;

[Collection(ChaosCollection.Name)]
public class VolumeConvertChaosTests(ChaosData data, ITestOutputHelper log)
{
    [Fact]
    public void Killed_directory_conversions_resume_to_the_same_slices_and_skip_finished_volumes()
    {
        using var tmp = Fixtures.TempDir();
        var outDir = tmp.File("jpeg");
        string[] args = ["volume", "convert", data.Train, outDir, "--to", "jpeg", "--voxel-size", "16", "--spacing", "6", "--normalize", "percentile"];
        var chaos = ChaosRun.Start(outDir, args, seed: 101);
        var done = data.Ids.Where(id => Directory.Exists(Path.Combine(outDir, id))).ToList();

        var final = chaos.Finish(args);
        log.WriteLine(chaos.Describe(final) + $"; {done.Count} of {data.Ids.Count} volumes done before the rerun");
        chaos.AssertSameOutputs();
        chaos.AssertNoLeftovers();
        foreach (var id in done) ChaosRun.AssertLogged(final, $"skipped {id}: converted by an earlier run");
        ChaosRun.AssertLogged(final, $"{data.Ids.Count - done.Count} converted, {done.Count} already there");
    }
}
