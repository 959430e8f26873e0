using MotorPick.Core;
using MotorPick.Tests;

namespace MotorPick.Cli.Tests.Chaos;

[Collection(ChaosCollection.Name)]
public class ConcurrentWritersTests
{
    [Fact]
    public void Two_processes_racing_for_one_output_directory_one_writes_and_the_other_refuses()
    {
        using var tmp = Fixtures.TempDir();
        var outDir = tmp.File("synth");
        string[] args = ["synth", "--preset", "tiny", "--count", "12", "--seed", "5", "--threads", "1", "--out", outDir];
        using var first = ChildCli.Start(args);
        using var second = ChildCli.Start(args);
        var runs = new[] { first.Wait(), second.Wait() };

        var refused = Assert.Single(runs, r => r.Exit == 1);
        var winner = Assert.Single(runs, r => r.Exit == 0);
        ChaosRun.AssertLogged(refused, "another motorpick process is writing this output directory");
        ChaosRun.AssertLogged(refused, Path.GetFullPath(outDir));
        var winnerPid = (refused == runs[0] ? second : first).Process.Id;
        ChaosRun.AssertLogged(refused, $"pid {winnerPid} on host {Environment.MachineName}");
        ChaosRun.AssertLogged(refused, "('motorpick synth --preset tiny");
        ChaosRun.AssertLogged(refused, "Wait for it to finish, or choose another output");
        ChaosRun.AssertLogged(winner, "12 (12 generated, 0 already there)");
        Assert.False(File.Exists(OutputLock.LockPath(outDir)), "the lock is removed when its owner exits");
    }

    [Fact]
    public void A_lock_left_by_a_killed_process_is_taken_over_with_a_warning()
    {
        using var tmp = Fixtures.TempDir();
        var outDir = tmp.File("synth");
        string[] args = ["synth", "--preset", "tiny", "--count", "40", "--seed", "5", "--threads", "1", "--out", outDir];
        int killedPid;
        using (var victim = ChildCli.Start(args))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(OutputLock.LockPath(outDir)) && DateTime.UtcNow < deadline && !victim.Process.HasExited) Thread.Sleep(20);
            Assert.True(File.Exists(OutputLock.LockPath(outDir)), "the synth process took no lock");
            killedPid = victim.Process.Id;
            victim.Kill();
            victim.Wait(killed: true);
        }
        Assert.True(File.Exists(OutputLock.LockPath(outDir)), "SIGKILL leaves the lock file behind");

        var rerun = ChildCli.Ok(args);
        ChaosRun.AssertLogged(rerun, $"took over a stale lock of pid {killedPid} on host {Environment.MachineName}");
        Assert.False(File.Exists(OutputLock.LockPath(outDir)));
    }
}
