using System.Diagnostics;
using MotorPick.Core;
using MotorPick.Portal.Ingest;
using MotorPick.Portal.StandIn;
using MotorPick.Rounds.Recipes;
using MotorPick.Tests;
using Xunit.Abstractions;

namespace MotorPick.Cli.Tests.Chaos;

/// <summary>
/// SIGTERM, as Slurm's scancel and systemd's stop send it, ends every long-running command cleanly: a server stops
/// (exit 0, its normal end), a command doing work is cancelled (exit 130, "cancelled" on stderr, as Ctrl+C) with
/// nothing half-written and its output lock released, and a rerun resumes where it stopped.
/// </summary>
[Collection(ChaosCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class TerminationTests(ChaosData data, ITestOutputHelper log)
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void Portal_serve_local_stops_on_sigterm_and_ctrl_c(string signal)
    {
        if (signal == "INT" && ChildStreamsTests.SigIntIgnored())
            return; // a child of a process that ignores SIGINT (a background job of a script) inherits that, as POSIX says
        using var tmp = Fixtures.TempDir();
        using var child = ChildCli.Start(["portal", "serve-local", "--data", tmp.File("portal"), "--synthesize", "2"]);
        var run = Stop(child, signal, () => child.OutputSoFar.Contains("Press Ctrl+C", StringComparison.Ordinal));
        Assert.True(run.Exit == 0, $"serve-local exited {run.Exit}:\n{run.Output}");
    }

    [Fact]
    public void Review_serve_stops_on_sigterm()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("labels.csv"), ReviewLoopCommandTests.LabelsCsv);
        File.WriteAllText(tmp.File("cands.csv"), ReviewLoopCommandTests.CandidatesCsv);
        var dataDir = tmp.File("data");
        foreach (var id in new[] { "tomo_aaaaaa", "tomo_bbbbbb", "tomo_cccccc" }) ReviewLoopCommandTests.WriteStack(Path.Combine(dataDir, id), 24, 48, 64);
        var review = tmp.File("review");
        var (exit, output) = CliRunner.Run("review", "mine", "--labels", tmp.File("labels.csv"), "--candidates", tmp.File("cands.csv"), "--out", review);
        Assert.True(exit == 0, output);
        using var child = ChildCli.Start(["review", "serve", "--review", review, "--data", dataDir, "--port", "0", "--no-auth"]);
        var run = Stop(child, "TERM", () => child.OutputSoFar.Contains("Press Ctrl+C", StringComparison.Ordinal));
        Assert.True(run.Exit == 0, $"review serve exited {run.Exit}:\n{run.Output}");
        Assert.Contains("Stopped.", run.StdErr);
    }

    [Fact]
    public void Sigterm_cancels_train_and_a_rerun_resumes_from_its_checkpoint()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("train.json"), """{"checkpoint_interval": 3, "threads": 1}""");
        var outDir = tmp.File("run");
        string[] args = ["train", "--labels", data.Gt, "--data", data.Train, "--train-on-all", "--preset", "tiny", "--steps", "60",
            "--spacing", "16", "--patch", "32", "--stride", "8", "--batch-size", "1", "--grad-accum", "1", "--warmup", "4",
            "--config", tmp.File("train.json"), "--cache", tmp.File("cache"), "--resume", "--out", outDir];
        using var child = ChildCli.Start(args);
        var run = Cancel(child, () => File.Exists(Path.Combine(outDir, "checkpoint", "state.json")), outDir);

        var rerun = ChildCli.Ok(args);
        log.WriteLine($"cancelled after {run.Elapsed.TotalSeconds:F1} s; rerun {rerun.Elapsed.TotalSeconds:F1} s");
        Assert.Matches(@"resuming from the checkpoint at step \d+", rerun.Output);
        Assert.True(File.Exists(Path.Combine(outDir, "model.json")));
        AssertNothingHalfWritten(outDir);
    }

    [Fact]
    public void Sigterm_cancels_predict_and_a_rerun_keeps_the_tomograms_done()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("card.json"), """{"name": "tiny_heatmap", "stride": 4, "target_spacing": 16, "patch_size": [16, 32, 32], "input_name": "image", "output_name": "logits"}""");
        var outDir = tmp.File("pred");
        var output = Path.Combine(outDir, "cand.csv");
        string[] args = ["predict", "--model", Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), "--card", tmp.File("card.json"),
            "--data", data.Train, "--labels", data.Labels, "--tta", "zyx,zxy_x,zyx_z,zxy", "--threads", "1", "--out", output];
        using var child = ChildCli.Start(args);
        var parts = output + ".parts";
        var run = Cancel(child, () => Directory.Exists(parts) && Directory.EnumerateFiles(parts, "*.csv", SearchOption.AllDirectories).Any(), outDir);
        Assert.False(File.Exists(output), "a cancelled predict wrote its final table");
        var done = data.Ids.Where(id => Directory.EnumerateFiles(parts, id + ".csv", SearchOption.AllDirectories).Any()).ToList();

        var rerun = ChildCli.Ok(args);
        log.WriteLine($"cancelled after {run.Elapsed.TotalSeconds:F1} s with {done.Count} tomograms done; rerun {rerun.Elapsed.TotalSeconds:F1} s");
        foreach (var id in done) ChaosRun.AssertLogged(rerun, $"skipped {id}: predicted by an earlier run");
        AssertNothingHalfWritten(outDir);
    }

    [Fact]
    public async Task Sigterm_cancels_portal_fetch_and_a_rerun_skips_the_runs_done()
    {
        using var tmp = Fixtures.TempDir();
        var runs = SyntheticPortalData.Write(tmp.File("portal"), new SyntheticPortalOptions { Count = 8 });
        await using var server = await LocalPortalServer.StartAsync(tmp.File("portal"));
        var outDir = tmp.File("ext");
        string[] args = ["portal", "fetch", "--motor-runs", "--endpoint", server.Endpoint, "--out", outDir,
            "--download-workers", "1", "--process-workers", "1", "--threads", "1"];
        using var child = ChildCli.Start(args);
        var run = Cancel(child, () => runs.Any(r => IngestPipeline.IsComplete(outDir, r)), outDir);
        var done = runs.Where(r => IngestPipeline.IsComplete(outDir, r)).ToList();

        var rerun = ChildCli.Ok(args);
        log.WriteLine($"cancelled after {run.Elapsed.TotalSeconds:F1} s with {done.Count} of {runs.Count} runs done; rerun {rerun.Elapsed.TotalSeconds:F1} s");
        foreach (var r in done) ChaosRun.AssertLogged(rerun, $"skipped {r}: ingested by an earlier run");
        AssertNothingHalfWritten(outDir);
    }

    [Fact]
    public void Sigterm_cancels_a_round_and_a_rerun_resumes_its_steps()
    {
        using var tmp = Fixtures.TempDir();
        var round = SmallRound.Write(tmp, data, steps: 40);
        var (root, args) = (round.Root, round.Args);
        using var child = ChildCli.Start(args);
        var run = Cancel(child, () => Directory.Exists(root) && Directory.EnumerateFiles(root, "state.json", SearchOption.AllDirectories).Any(), root);

        var rerun = ChildCli.Ok(args);
        log.WriteLine($"cancelled after {run.Elapsed.TotalSeconds:F1} s; rerun {rerun.Elapsed.TotalSeconds:F1} s");
        ChaosRun.AssertLogged(rerun, "gt: outputs exist, skipped");
        Assert.Matches(@"resuming from the checkpoint at step \d+", rerun.Output);
        AssertNothingHalfWritten(root);
    }

    /// <summary>Waits until <paramref name="ready"/> (the command is in the middle of its work), then sends <paramref name="signal"/>.</summary>
    private static ChildRun Stop(RunningChild child, string signal, Func<bool> ready)
    {
        var clock = Stopwatch.StartNew();
        while (!ready())
        {
            Assert.False(child.Process.HasExited, $"motorpick ended before it could be signalled:\n{child.OutputSoFar}");
            Assert.True(clock.Elapsed < ReadyTimeout, $"motorpick did not get to the point of the test in time:\n{child.OutputSoFar}");
            Thread.Sleep(50);
        }
        child.Signal(signal);
        return child.Wait(TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGTERM in the middle of the work: exit 130 with "cancelled", and no temporary file or lock left in <paramref name="outDir"/>.</summary>
    private static ChildRun Cancel(RunningChild child, Func<bool> ready, string outDir)
    {
        var run = Stop(child, "TERM", ready);
        Assert.True(run.Exit == CliContext.Cancelled, $"exited {run.Exit} after SIGTERM:\n{run.Output}");
        Assert.Contains("cancelled", run.StdErr);
        AssertNothingHalfWritten(outDir);
        return run;
    }

    /// <summary>An output lock (<c>.motorpick.lock</c>, <c>.motorpick.&lt;scope&gt;.lock</c>); resume markers such as a download's completion mark stay.</summary>
    private static bool IsLock(string name) => name.StartsWith(".motorpick.", StringComparison.Ordinal) && name.EndsWith(".lock", StringComparison.Ordinal);

    /// <summary>No temporary file, staging directory or lock file: what a clean end leaves (resumable parts and markers may stay).</summary>
    private static void AssertNothingHalfWritten(string outDir)
    {
        var leftovers = Directory.EnumerateFileSystemEntries(outDir, "*", SearchOption.AllDirectories)
            .Select(e => Path.GetRelativePath(outDir, e))
            .Where(e => e.Contains(AtomicFile.TempMarker, StringComparison.Ordinal) || IsLock(Path.GetFileName(e)))
            .ToList();
        Assert.True(leftovers.Count == 0, "left over: " + string.Join(", ", leftovers));
    }
}
