using System.Text.Json;
using MotorPick.Tests;
using Xunit.Abstractions;

namespace MotorPick.Cli.Tests.Chaos;

[Collection(ChaosCollection.Name)]
public class TrainChaosTests(ChaosData data, ITestOutputHelper log)
{
    private const int Steps = 80;

    /// <summary>
    /// The Trainer promises an exact resume on CPU (per-item random streams keyed by the seed; weights, EMA and optimiser
    /// state restored from the checkpoint), so the exported model and the checkpoint of a killed and resumed run are byte
    /// for byte those of an uninterrupted run. Only the wall-clock columns of train_log.csv and the elapsed time in
    /// checkpoint/state.json differ; the log's steps, learning rates and losses are compared exactly, each step once.
    /// </summary>
    [Fact]
    public void Killed_training_resumes_from_its_checkpoint_to_the_same_weights()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("train.json"), """{"checkpoint_interval": 3, "log_interval": 1, "threads": 1}""");
        var outDir = tmp.File("run");
        string[] Args(int steps, string dir) => ["train", "--labels", data.Gt, "--data", data.Train, "--train-on-all", "--preset", "tiny", "--steps", $"{steps}",
            "--spacing", "16", "--patch", "32", "--stride", "8", "--batch-size", "1", "--grad-accum", "1", "--warmup", "4",
            "--config", tmp.File("train.json"), "--cache", tmp.File("cache"), "--resume", "--out", dir];
        var args = Args(Steps, outDir);
        // fill the volume cache first, so that the reference's time is that of training, which the kills interrupt
        ChildCli.Ok(Args(1, tmp.File("warm-up")));
        var chaos = ChaosRun.Start(outDir, args, seed: 404, kills: 4);
        var state = Path.Combine(outDir, "checkpoint", "state.json");
        long? checkpoint = File.Exists(state) ? JsonDocument.Parse(File.ReadAllText(state)).RootElement.GetProperty("step").GetInt64() : null;

        var final = chaos.Finish(args);
        log.WriteLine(chaos.Describe(final) + $"; checkpoint at step {checkpoint?.ToString() ?? "none"} before the rerun");
        chaos.AssertSameOutputs(rel => rel is "train_log.csv" or "checkpoint/state.json");
        chaos.AssertNoLeftovers();
        Assert.Equal(LogRows(chaos.ReferenceDir), LogRows(outDir));
        Assert.Equal(Enumerable.Range(1, Steps).Select(s => $"{s}"), LogRows(outDir).Select(r => r.Split(',')[1]));
        if (checkpoint == Steps) ChaosRun.AssertLogged(final, $"skipped training: the run finished its {Steps} steps earlier");
        else if (checkpoint is { } c) ChaosRun.AssertLogged(final, $"resuming from the checkpoint at step {c}: steps 1-{c} skipped");
    }

    /// <summary>kind, step, lr and loss of every row (the other columns are wall-clock times).</summary>
    private static List<string> LogRows(string runDir) =>
        File.ReadAllLines(Path.Combine(runDir, "train_log.csv")).Skip(1).Select(l => string.Join(',', l.Split(',').Take(4))).ToList();
}
