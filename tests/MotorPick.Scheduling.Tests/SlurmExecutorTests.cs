using MotorPick.Core;
using MotorPick.Rounds.Execution;
using MotorPick.Scheduling.Slurm;

namespace MotorPick.Scheduling.Tests;

public class SlurmExecutorTests
{
    private static List<RoundStep> Plan(string root) =>
    [
        new("train-fold0", ["train", "--fold", "0"], [], [Path.Combine(root, "fold0/model.json")]) { Heavy = true },
        new("train-fold1", ["train", "--fold", "1"], [], [Path.Combine(root, "fold1/model.json")]) { Heavy = true },
        new("predict-fold0", ["predict", "--out", "f0.csv"], ["train-fold0"], [Path.Combine(root, "f0.csv")]) { Heavy = true },
        new("predict-fold1", ["predict", "--out", "f1.csv"], ["train-fold1"], [Path.Combine(root, "f1.csv")]) { Heavy = true },
        new("merge", ["merge", "candidates", "f0.csv", "f1.csv"], ["predict-fold0", "predict-fold1"], [Path.Combine(root, "cand.csv")]),
    ];

    private static SlurmExecutorOptions Options(string root) => new()
    {
        Directory = Path.Combine(root, "slurm"), Launcher = ["motorpick"], WorkingDirectory = root,
        Resources = new JobResources { Partition = "gpu", GpusPerTask = 1, CpusPerTask = 8 },
    };

    [Fact]
    public void SubmitsEveryStepAfterTheJobsOfItsDependencies()
    {
        using var dir = Fixtures.TempDir();
        var fake = new FakeSlurm();
        var events = new List<StepEvent>();
        new SlurmExecutor(Options(dir.Path), new SlurmClient(fake)).Run(Plan(dir.Path), new Collect(events), default);
        var sbatch = fake.Calls.Where(c => c.Program == "sbatch").Select(c => c.Args).ToList();
        Assert.Equal(5, sbatch.Count);
        Assert.Equal(["--parsable", Path.Combine(dir.Path, "slurm", "train-fold0.sbatch")], sbatch[0]);
        Assert.Equal("--dependency=afterok:100", sbatch[2][1]);
        Assert.Equal("--dependency=afterok:101", sbatch[3][1]);
        Assert.Equal("--dependency=afterok:102:103", sbatch[4][1]);
        Assert.All(events, e => Assert.Equal(StepState.Submitted, e.State));
        Assert.Contains("\"merge\": \"104\"", File.ReadAllText(Path.Combine(dir.Path, "slurm", "jobs.json")));
    }

    [Fact]
    public void GivesGpusOnlyToTrainingAndPrediction()
    {
        using var dir = Fixtures.TempDir();
        new SlurmExecutor(Options(dir.Path), new SlurmClient(new FakeSlurm())).Run(Plan(dir.Path), null, default);
        Assert.Contains("#SBATCH --gpus-per-task=1", File.ReadAllText(Path.Combine(dir.Path, "slurm", "predict-fold1.sbatch")));
        var merge = File.ReadAllText(Path.Combine(dir.Path, "slurm", "merge.sbatch"));
        Assert.DoesNotContain("gpus", merge);
        Assert.Contains("#SBATCH --cpus-per-task=8", merge);
        Assert.Contains("#SBATCH --output=" + Path.Combine(dir.Path, "slurm", "logs", "merge_%j.out"), merge);
    }

    [Fact]
    public void SkipsFinishedStepsAndDoesNotWaitForThem()
    {
        using var dir = Fixtures.TempDir();
        Directory.CreateDirectory(dir.File("fold0"));
        File.WriteAllText(dir.File("fold0/model.json"), "{}");
        var fake = new FakeSlurm();
        var events = new List<StepEvent>();
        new SlurmExecutor(Options(dir.Path), new SlurmClient(fake)).Run(Plan(dir.Path), new Collect(events), default);
        Assert.Equal(StepState.Skipped, events[0].State);
        var predict0 = fake.Calls.Where(c => c.Program == "sbatch").Select(c => c.Args).Single(a => a.Last().EndsWith("predict-fold0.sbatch", StringComparison.Ordinal));
        Assert.Equal(["--parsable", Path.Combine(dir.Path, "slurm", "predict-fold0.sbatch")], predict0);
    }

    [Fact]
    public void RefusesToSubmitAgainWhileEarlierJobsAreQueued()
    {
        using var dir = Fixtures.TempDir();
        var fake = new FakeSlurm();
        var executor = new SlurmExecutor(Options(dir.Path), new SlurmClient(fake));
        executor.Run(Plan(dir.Path), null, default);
        fake.Squeue = "100|RUNNING\n104|PENDING\n";
        var e = Assert.Throws<MotorPickException>(() => executor.Run(Plan(dir.Path), null, default));
        Assert.Contains("train-fold0 (100)", e.Message);
        Assert.Contains("merge (104)", e.Message);
    }

    [Fact]
    public void A_failed_third_sbatch_leaves_the_first_two_recorded_and_the_rerun_submits_only_the_missing_steps()
    {
        using var dir = Fixtures.TempDir();
        var fake = new FakeSlurm { FailSbatchAt = 3 };
        var executor = new SlurmExecutor(Options(dir.Path), new SlurmClient(fake));
        Assert.Contains("sbatch refused", Assert.Throws<MotorPickException>(() => executor.Run(Plan(dir.Path), null, default)).Message);
        var recorded = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(executor.JobsFile))!;
        Assert.Equal(new Dictionary<string, string> { ["train-fold0"] = "100", ["train-fold1"] = "101" }, recorded);

        fake.FailSbatchAt = null;
        fake.Squeue = "100|RUNNING\n101|PENDING\n";
        executor.Run(Plan(dir.Path), null, default);
        var scripts = fake.Calls.Where(c => c.Program == "sbatch").Select(c => Path.GetFileNameWithoutExtension(c.Args.Last())).ToList();
        Assert.Equal(["train-fold0", "train-fold1", "predict-fold0", "predict-fold0", "predict-fold1", "merge"], scripts);
        var sbatch = fake.Calls.Where(c => c.Program == "sbatch").Select(c => c.Args).ToList();
        Assert.Equal("--dependency=afterok:100", sbatch[3][1]); // waits for the queued training job, not a second one
        Assert.Equal("--dependency=afterok:101", sbatch[4][1]);
        Assert.Equal("--dependency=afterok:102:103", sbatch[5][1]);
        recorded = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(executor.JobsFile))!;
        Assert.Equal(["100", "101", "102", "103", "104"], recorded.Values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_second_submitter_of_the_same_round_is_refused_by_the_lock_before_any_sbatch()
    {
        using var dir = Fixtures.TempDir();
        using var other = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var slurmDir = Path.Combine(dir.Path, "slurm");
            Directory.CreateDirectory(slurmDir);
            var owner = new LockOwner(other.Id, Environment.MachineName, other.StartTime.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                "motorpick round run --executor slurm", "2026-01-01T00:00:00Z");
            File.WriteAllText(OutputLock.LockPath(slurmDir, SlurmArrayRun.LockScope), System.Text.Json.JsonSerializer.Serialize(owner));
            var fake = new FakeSlurm();
            var ex = Assert.Throws<MotorPickException>(() => new SlurmExecutor(Options(dir.Path), new SlurmClient(fake)).Run(Plan(dir.Path), null, default));
            Assert.Contains("another motorpick process", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(fake.Calls, c => c.Program == "sbatch");
        }
        finally
        {
            other.Kill();
            other.WaitForExit();
        }
    }

    private sealed class Collect(List<StepEvent> events) : IProgress<StepEvent>
    {
        public void Report(StepEvent value) => events.Add(value);
    }
}
