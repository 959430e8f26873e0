using MotorPick.Core;
using MotorPick.Scheduling.Slurm;

namespace MotorPick.Scheduling.Tests;

public class SlurmClientTests
{
    [Fact]
    public void SubmitsParsableWithArrayAndDependencies()
    {
        var fake = new FakeSlurm();
        var id = new SlurmClient(fake).Submit("/r/job.sbatch", "2,5", ["7", "8"]);
        Assert.Equal("100", id);
        Assert.Equal(["--parsable", "--array=2,5", "--dependency=afterok:7:8", "--kill-on-invalid-dep=yes", "/r/job.sbatch"], fake.LastSbatch);
    }

    [Fact]
    public void ReadsTheJobIdOfAFederatedCluster()
    {
        var runner = new Reply(new ProcessResult(0, "4242;cluster2\n", ""));
        Assert.Equal("4242", new SlurmClient(runner).Submit("/r/job.sbatch"));
    }

    [Fact]
    public void ReportsWhatSbatchRefused()
    {
        var runner = new Reply(new ProcessResult(1, "", "sbatch: error: invalid partition specified: gpu\n"));
        var e = Assert.Throws<MotorPickException>(() => new SlurmClient(runner).Submit("/r/job.sbatch"));
        Assert.Contains("invalid partition specified: gpu", e.Message);
    }

    [Fact]
    public void ParsesTasksAndPendingRanges()
    {
        var states = SlurmClient.ParseLines("12_0|COMPLETED\n12_[2-3%1]|PENDING\n12_1|RUNNING\n13|FAILED\n", withExit: false);
        Assert.Equal([("12", (int?)0, "COMPLETED"), ("12", 2, "PENDING"), ("12", 3, "PENDING"), ("12", 1, "RUNNING"), ("13", null, "FAILED")],
            states.Select(s => (s.JobId, s.ArrayTask, s.State)));
    }

    [Fact]
    public void ParsesSacctStatesAndExitCodes()
    {
        var states = SlurmClient.ParseLines("12_0|COMPLETED|0:0\n12_1|CANCELLED by 0|0:15\n12_2|FAILED|1:0\n", withExit: true);
        Assert.Equal(["COMPLETED", "CANCELLED", "FAILED"], states.Select(s => s.State));
        Assert.Equal(["0:0", "0:15", "1:0"], states.Select(s => s.ExitCode));
    }

    [Fact]
    public void AsksForEachJobAloneWhenSqueueRefusesTheList()
    {
        var runner = new Scripted(args => string.Join(' ', args).Contains("--jobs=5,6", StringComparison.Ordinal)
            ? new ProcessResult(1, "", "slurm_load_jobs error: Invalid job id specified")
            : string.Join(' ', args).Contains("--jobs=6", StringComparison.Ordinal) ? new ProcessResult(0, "6_1|RUNNING\n", "") : new ProcessResult(1, "", "Invalid job id"));
        var states = new SlurmClient(runner).Queue(["5", "6"]);
        Assert.Equal([("6", (int?)1, "RUNNING")], states.Select(s => (s.JobId, s.ArrayTask, s.State)));
    }

    [Fact]
    public void RetriesATimeoutAndFailsRatherThanReportTasksGone()
    {
        var calls = 0;
        var flaky = new Scripted(_ => ++calls == 1 ? new ProcessResult(1, "", "slurm_load_jobs error: Socket timed out on send/recv operation") : new ProcessResult(0, "5_0|RUNNING\n", ""));
        Assert.Single(new SlurmClient(flaky).Queue(["5"]));
        var down = new Scripted(_ => new ProcessResult(1, "", "slurm_load_jobs error: Unable to contact slurm controller"));
        Assert.Contains("Unable to contact", Assert.Throws<MotorPickException>(() => new SlurmClient(down).Queue(["5"])).Message);
    }

    [Fact]
    public void TreatsDisabledAccountingAsNoRecords() => Assert.Empty(new SlurmClient(new FakeSlurm()).Accounting(["5"]));

    private sealed class Reply(ProcessResult result) : IProcessRunner
    {
        public ProcessResult Run(string program, IReadOnlyList<string> args) => result;
    }

    private sealed class Scripted(Func<IReadOnlyList<string>, ProcessResult> answer) : IProcessRunner
    {
        public ProcessResult Run(string program, IReadOnlyList<string> args) => answer(args);
    }
}
