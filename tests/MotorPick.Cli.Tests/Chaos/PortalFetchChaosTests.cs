using MotorPick.Portal.Ingest;
using MotorPick.Portal.StandIn;
using MotorPick.Tests;
using Xunit.Abstractions;

namespace MotorPick.Cli.Tests.Chaos;

[Collection(ChaosCollection.Name)]
public class PortalFetchChaosTests(ITestOutputHelper log)
{
    [Fact]
    public async Task Killed_fetches_resume_against_the_stand_in_portal_to_the_same_outputs()
    {
        using var tmp = Fixtures.TempDir();
        var runs = SyntheticPortalData.Write(tmp.File("portal"), new SyntheticPortalOptions { Count = 10 });
        await using var server = await LocalPortalServer.StartAsync(tmp.File("portal"));
        var outDir = tmp.File("ext");
        string[] args = ["portal", "fetch", "--motor-runs", "--endpoint", server.Endpoint, "--out", outDir,
            "--download-workers", "2", "--process-workers", "1", "--threads", "1"];
        var chaos = ChaosRun.Start(outDir, args, seed: 505);
        var done = runs.Where(r => IngestPipeline.IsComplete(outDir, r)).ToList();

        var final = chaos.Finish(args);
        log.WriteLine(chaos.Describe(final) + $"; {done.Count} of {runs.Count} runs done before the rerun");
        chaos.AssertSameOutputs();
        chaos.AssertNoLeftovers();
        Assert.False(Directory.Exists(Path.Combine(outDir, "raw")), "raw downloads are removed once processed");
        foreach (var run in done) ChaosRun.AssertLogged(final, $"skipped {run}: ingested by an earlier run");
    }
}
