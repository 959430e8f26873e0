using MotorPick.Core;
using MotorPick.Scheduling.Slurm;

namespace MotorPick.Scheduling.Tests;

public class SlurmArrayRunTests
{
    private static ArrayJob Job(int tasks = 4) => new()
    {
        Name = "motorpick-predict", Command = ["predict", "--shard", $"%a/{tasks}", "--out", "c.csv"], Launcher = ["motorpick"],
        Tasks = tasks, WorkingDirectory = "/w", Resources = new JobResources { ArrayParallel = 2 },
    };

    [Fact]
    public void SubmitWritesScriptFoldersAndRecord()
    {
        using var dir = Fixtures.TempDir();
        var fake = new FakeSlurm();
        var record = new SlurmArrayRun(new SlurmClient(fake)).Submit(Job(), dir.File("run"));
        var layout = SlurmRunLayout.For(dir.File("run"));
        Assert.Equal(["--parsable", layout.Script], fake.LastSbatch);
        Assert.True(Directory.Exists(layout.Logs) && Directory.Exists(layout.Tasks));
        Assert.Contains("#SBATCH --array=0-3%2", File.ReadAllText(layout.Script));
        var loaded = SlurmRunRecord.Load(layout.Record);
        Assert.Equal(("100", "0-3"), (loaded.Submissions.Single().JobId, loaded.Submissions.Single().Array));
        Assert.Equal("motorpick predict --shard %a/4 --out c.csv", loaded.Command);
        Assert.Equal(record.Tasks, loaded.Tasks);
    }

    [Fact]
    public void SubmitRefusesARunDirectoryThatHoldsAJob()
    {
        using var dir = Fixtures.TempDir();
        var run = new SlurmArrayRun(new SlurmClient(new FakeSlurm()));
        run.Submit(Job(), dir.Path);
        Assert.Contains("already holds a submitted job", Assert.Throws<MotorPickException>(() => run.Submit(Job(), dir.Path)).Message);
    }

    [Fact]
    public void A_submit_while_another_process_submits_into_the_run_directory_is_refused_before_sbatch()
    {
        using var dir = Fixtures.TempDir();
        using var other = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var owner = new LockOwner(other.Id, Environment.MachineName, other.StartTime.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                "motorpick slurm submit", "2026-01-01T00:00:00Z");
            File.WriteAllText(OutputLock.LockPath(dir.Path, SlurmArrayRun.LockScope), System.Text.Json.JsonSerializer.Serialize(owner));
            var fake = new FakeSlurm();
            var ex = Assert.Throws<MotorPickException>(() => new SlurmArrayRun(new SlurmClient(fake)).Submit(Job(), dir.Path));
            Assert.Contains("another motorpick process", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(fake.Calls, c => c.Program == "sbatch");
        }
        finally
        {
            other.Kill();
            other.WaitForExit();
        }
    }

    [Fact]
    public void StatusTakesTheQueueThenTheRecordedExitCode()
    {
        using var dir = Fixtures.TempDir();
        var fake = new FakeSlurm();
        var run = new SlurmArrayRun(new SlurmClient(fake));
        run.Submit(Job(5), dir.Path);
        var layout = SlurmRunLayout.For(dir.Path);
        // 0 running, 1 cancelled (queue); 2 finished and left the queue with exit 0, 3 with exit 3; 4 left no trace.
        fake.Squeue = "100_0|RUNNING\n100_1|CANCELLED\n";
        File.WriteAllText(layout.ExitFile(2), "100 0\n");
        File.WriteAllText(layout.ExitFile(3), "100 3\n");
        var status = run.Status(dir.Path);
        Assert.Equal([TaskState.Running, TaskState.Cancelled, TaskState.Completed, TaskState.Failed, TaskState.Lost], status.Tasks.Select(t => t.State));
        Assert.Equal(3, status.Tasks[3].ExitCode);
        Assert.Equal(layout.Log("100", 3), status.Tasks[3].Log);
        Assert.False(status.Finished);
        Assert.Equal([1, 3, 4], status.Failed.Select(t => t.Task));
    }

    [Fact]
    public void StatusIgnoresTheExitCodeOfAnEarlierAttempt()
    {
        using var dir = Fixtures.TempDir();
        var fake = new FakeSlurm();
        var run = new SlurmArrayRun(new SlurmClient(fake));
        run.Submit(Job(1), dir.Path);
        File.WriteAllText(SlurmRunLayout.For(dir.Path).ExitFile(0), "99 0\n");
        Assert.Equal(TaskState.Lost, run.Status(dir.Path).Tasks[0].State);
    }

    [Fact]
    public void StatusUsesAccountingWhereTheQueueHasForgotten()
    {
        using var dir = Fixtures.TempDir();
        var fake = new FakeSlurm { Sacct = new ProcessResult(0, "100_0|TIMEOUT|0:0\n100_1|COMPLETED|0:0\n", "") };
        var run = new SlurmArrayRun(new SlurmClient(fake));
        run.Submit(Job(2), dir.Path);
        var status = run.Status(dir.Path);
        Assert.Equal([TaskState.Failed, TaskState.Completed], status.Tasks.Select(t => t.State));
        Assert.Equal("TIMEOUT", status.Tasks[0].Detail);
    }

    [Fact]
    public void ResubmitCoversOnlyTheFailedTasksAndBecomesTheirCurrentAttempt()
    {
        using var dir = Fixtures.TempDir();
        var fake = new FakeSlurm();
        var run = new SlurmArrayRun(new SlurmClient(fake));
        run.Submit(Job(4), dir.Path);
        var layout = SlurmRunLayout.For(dir.Path);
        fake.Squeue = "100_1|CANCELLED\n100_3|FAILED\n";
        File.WriteAllText(layout.ExitFile(0), "100 0\n");
        File.WriteAllText(layout.ExitFile(2), "100 0\n");
        var again = run.Resubmit(dir.Path);
        Assert.Equal(("101", "1,3"), (again!.JobId, again.Array));
        Assert.Equal(["--parsable", "--array=1,3%2", layout.Script], fake.LastSbatch);

        fake.Squeue = "101_1|RUNNING\n101_3|PENDING\n";
        var status = run.Status(dir.Path);
        Assert.Equal(["100", "101", "100", "101"], status.Tasks.Select(t => t.JobId));
        Assert.Equal([TaskState.Completed, TaskState.Running, TaskState.Completed, TaskState.Pending], status.Tasks.Select(t => t.State));
    }

    [Fact]
    public void ResubmitRefusesTasksStillQueuedOrRunning()
    {
        using var dir = Fixtures.TempDir();
        var fake = new FakeSlurm();
        var run = new SlurmArrayRun(new SlurmClient(fake));
        run.Submit(Job(2), dir.Path);
        fake.Squeue = "100_0|RUNNING\n100_1|PENDING\n";
        Assert.Contains("still running", Assert.Throws<MotorPickException>(() => run.Resubmit(dir.Path, [0])).Message);
        Assert.Null(run.Resubmit(dir.Path));
    }

    [Fact]
    public void StatusOfADirectoryWithoutAJobSaysSo()
    {
        using var dir = Fixtures.TempDir();
        var e = Assert.Throws<MotorPickException>(() => new SlurmArrayRun(new SlurmClient(new FakeSlurm())).Status(dir.Path));
        Assert.Contains("slurm-job.json", e.Message);
    }
}
