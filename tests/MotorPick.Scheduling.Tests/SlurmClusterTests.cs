using MotorPick.Scheduling.Slurm;

namespace MotorPick.Scheduling.Tests;

/// <summary>
/// Against a real single-node Slurm cluster (.ci/slurm/setup.sh): a sharded predict as a 4-task array job, one task
/// cancelled while it runs and resubmitted, gives after 'merge candidates' exactly the candidates of one in-process run.
/// The jobs run the built CLI (dotnet motorpick.dll beside this test assembly).
/// </summary>
public class SlurmClusterTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [SlurmFact]
    public void ShardedPredictArrayJobSurvivesAKilledTaskAndMatchesOneProcess()
    {
        SlurmCluster.Require();
        using var dir = Fixtures.TempDir();
        using var timeout = new CancellationTokenSource(Limit);
        var data = dir.File("synth");
        Ok(SlurmCluster.Motorpick("synth", "--preset", "tiny", "--count", "8", "--seed", "5", "--out", data));
        var card = dir.File("tiny_heatmap.json");
        File.WriteAllText(card, """{"name": "tiny_heatmap", "stride": 4, "target_spacing": 16, "patch_size": [16, 32, 32], "input_name": "image", "output_name": "logits"}""");
        string[] predict = ["predict", "--model", Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), "--card", card, "--data", Path.Combine(data, "train"),
            "--labels", Path.Combine(data, "train_labels.csv"), "--tta", "zyx,zxy", "--threads", "1"];
        Ok(SlurmCluster.Motorpick([.. predict, "--out", dir.File("single.csv")]));

        var runDir = dir.File("run");
        // Each task waits a few seconds first, so that task 2 is reliably still running when it is cancelled on a fast machine.
        Ok(SlurmCluster.Motorpick(["slurm", "submit", "--cpus-per-task", "1", "--time", "00:05:00", "--job-name", "motorpick-test", "--run-dir", runDir, "--setup", "sleep 4",
            "--", .. predict, "--shard", "%a/4", "--out", dir.File("shards/cand.csv")]));
        var run = new SlurmArrayRun(new SlurmClient());

        // Cancel task 2 while it runs.
        var jobId = SlurmRunRecord.Load(SlurmRunLayout.For(runDir).Record).Submissions[0].JobId;
        while (run.Status(runDir).Tasks[2].State == TaskState.Pending) Task.Delay(100, timeout.Token).Wait(timeout.Token);
        var running = run.Status(runDir);
        Assert.True(running.Tasks[2].State == TaskState.Running, Describe(running));
        new SlurmClient().Cancel([$"{jobId}_2"]);

        var first = run.Wait(runDir, TimeSpan.FromMilliseconds(500), ct: timeout.Token);
        Assert.True(first.Tasks.Select(t => t.State).SequenceEqual([TaskState.Completed, TaskState.Completed, TaskState.Cancelled, TaskState.Completed]), Describe(first));
        Assert.False(File.Exists(dir.File("shards/cand.shard-2-of-4.csv")));
        var status = SlurmCluster.Motorpick("slurm", "status", runDir);
        Assert.Contains($"slurm resubmit {runDir} --failed", status.Output);

        var resubmit = Ok(SlurmCluster.Motorpick("slurm", "resubmit", runDir, "--failed"));
        Assert.Contains("Resubmitted task(s) 2", resubmit);
        var second = run.Wait(runDir, TimeSpan.FromMilliseconds(500), ct: timeout.Token);
        Assert.True(second.AllCompleted, Describe(second));
        Assert.NotEqual(jobId, second.Tasks[2].JobId);
        Assert.Contains("4 completed", Ok(SlurmCluster.Motorpick("slurm", "status", runDir, "--wait")));
        using (var json = System.Text.Json.JsonDocument.Parse(Ok(SlurmCluster.Motorpick("slurm", "status", runDir, "--json"))))
            Assert.Equal(4, json.RootElement.GetProperty("counts").GetProperty("completed").GetInt32());

        var shards = Enumerable.Range(0, 4).Select(i => dir.File($"shards/cand.shard-{i}-of-4.csv")).Reverse().ToArray();
        Ok(SlurmCluster.Motorpick(["merge", "candidates", .. shards, "--out", dir.File("merged.csv")]));
        Assert.Equal(File.ReadAllText(dir.File("single.csv")), File.ReadAllText(dir.File("merged.csv")));
        Assert.True(File.ReadAllLines(dir.File("single.csv")).Length > 8, "the fixture model should find candidates in every tomogram");
    }

    private static string Describe(RunStatus status) =>
        string.Join("; ", status.Tasks.Select(t => $"task {t.Task} ({t.SlurmId}): {t.State} {t.Detail}, log: " +
            (File.Exists(t.Log) ? File.ReadAllText(t.Log).ReplaceLineEndings(" | ") : "none")));

    private static string Ok((int Exit, string Output) r)
    {
        Assert.True(r.Exit == 0, r.Output);
        return r.Output;
    }
}
