using System.Diagnostics;
using System.Text.Json;
using MotorPick.Tests;

namespace MotorPick.Core.Tests;

public class OutputLockTests
{
    [Fact]
    public void Acquire_writes_pid_host_and_command_and_dispose_removes_the_file()
    {
        using var dir = Fixtures.TempDir();
        var outDir = dir.File("out");
        using (var lk = OutputLock.Acquire(outDir, "motorpick synth --out out"))
        {
            Assert.Equal(Path.Combine(Path.GetFullPath(outDir), ".motorpick.lock"), lk.Path);
            var (owner, _) = OutputLock.ReadOwner(lk.Path);
            Assert.NotNull(owner);
            Assert.Equal(Environment.ProcessId, owner!.Pid);
            Assert.Equal(Environment.MachineName, owner.Host);
            Assert.Equal("motorpick synth --out out", owner.Command);
            Assert.NotNull(owner.ProcessStart);
            Assert.True(OutputLock.IsAlive(owner));
        }
        Assert.False(File.Exists(Path.Combine(outDir, ".motorpick.lock")));
    }

    [Fact]
    public void The_same_process_nests_and_the_outer_holder_keeps_the_file()
    {
        using var dir = Fixtures.TempDir();
        using var outer = OutputLock.Acquire(dir.Path, "motorpick round run");
        using (var inner = OutputLock.Acquire(dir.Path, "motorpick predict"))
        {
            Assert.True(inner.Nested);
            Assert.Equal(outer.Owner, inner.Owner);
        }
        Assert.True(File.Exists(outer.Path));
    }

    [Fact]
    public void A_live_owner_makes_the_second_writer_refuse_naming_directory_owner_and_remedy()
    {
        using var dir = Fixtures.TempDir();
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var owner = new LockOwner(sleeper.Id, Environment.MachineName, StartOf(sleeper), "motorpick predict --out x.csv", "2026-01-01T00:00:00Z");
            WriteLock(dir.Path, owner);
            var ex = Assert.Throws<MotorPickException>(() => OutputLock.Acquire(dir.Path, "motorpick predict --out x.csv"));
            Assert.Contains(Path.GetFullPath(dir.Path), ex.Message, StringComparison.Ordinal);
            Assert.Contains($"pid {sleeper.Id} on host {Environment.MachineName}", ex.Message, StringComparison.Ordinal);
            Assert.Contains("motorpick predict --out x.csv", ex.Message, StringComparison.Ordinal);
            Assert.Contains("Wait for it to finish", ex.Message, StringComparison.Ordinal);
            Assert.Equal(owner, OutputLock.ReadOwner(OutputLock.LockPath(dir.Path)).Owner);
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Fact]
    public void A_lock_of_a_dead_process_is_taken_over_with_a_warning()
    {
        using var dir = Fixtures.TempDir();
        int pid;
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            gone.WaitForExit();
            pid = gone.Id;
        }
        var dead = new LockOwner(pid, Environment.MachineName, "2020-01-01T00:00:00.0000000Z", "motorpick train --out run", "2020-01-01T00:00:00Z");
        WriteLock(dir.Path, dead);
        var warnings = new List<string>();
        using var lk = OutputLock.Acquire(dir.Path, "motorpick train --out run --resume", warn: warnings.Add);
        Assert.Equal(dead, lk.TakenOverFrom);
        var warning = Assert.Single(warnings);
        Assert.Contains($"pid {pid}", warning, StringComparison.Ordinal);
        Assert.Contains("stale", warning, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessId, OutputLock.ReadOwner(lk.Path).Owner!.Pid);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.stale-*"));
    }

    [Fact]
    public void A_running_pid_with_another_start_time_is_a_reused_pid_and_stale()
    {
        using var dir = Fixtures.TempDir();
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            WriteLock(dir.Path, new LockOwner(sleeper.Id, Environment.MachineName, "2001-01-01T00:00:00.0000000Z", "motorpick synth", "2001-01-01T00:00:00Z"));
            using var lk = OutputLock.Acquire(dir.Path, "motorpick synth");
            Assert.NotNull(lk.TakenOverFrom);
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Fact]
    public void A_lock_from_another_host_with_a_recent_heartbeat_is_refused()
    {
        using var dir = Fixtures.TempDir();
        WriteLock(dir.Path, new LockOwner(1, "some-other-node", null, "motorpick portal fetch --out ext", "2026-01-01T00:00:00Z"));
        File.SetLastWriteTimeUtc(OutputLock.LockPath(dir.Path), DateTime.UtcNow - OutputLock.Lease / 2);
        var ex = Assert.Throws<MotorPickException>(() => OutputLock.Acquire(dir.Path, "motorpick portal fetch --out ext"));
        Assert.Contains("on host some-other-node", ex.Message, StringComparison.Ordinal);
        Assert.Contains("delete the lock file", ex.Message, StringComparison.Ordinal);
        Assert.Contains(OutputLock.LeaseVariable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lock_of_a_dead_host_whose_heartbeat_is_older_than_the_lease_is_taken_over_with_a_warning()
    {
        using var dir = Fixtures.TempDir();
        // a Slurm task killed with its node; the task is resubmitted and lands on another node
        var gone = new LockOwner(4242, "node-17", null, "motorpick predict --shard 3/16", "2026-01-01T00:00:00Z");
        WriteLock(dir.Path, gone);
        File.SetLastWriteTimeUtc(OutputLock.LockPath(dir.Path), DateTime.UtcNow - OutputLock.Lease - TimeSpan.FromMinutes(1));
        var warnings = new List<string>();
        using var lk = OutputLock.Acquire(dir.Path, "motorpick predict --shard 3/16", warn: warnings.Add);
        Assert.Equal(gone, lk.TakenOverFrom);
        var warning = Assert.Single(warnings);
        Assert.Contains("on host node-17", warning, StringComparison.Ordinal);
        Assert.Contains("heartbeat", warning, StringComparison.Ordinal);
        Assert.Contains("lease", warning, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessId, OutputLock.ReadOwner(lk.Path).Owner!.Pid);
    }

    [Fact]
    public void The_holder_beats_its_heartbeat_into_its_lock_file_while_it_holds_it()
    {
        using var dir = Fixtures.TempDir();
        var before = OutputLock.Lease;
        OutputLock.Lease = TimeSpan.FromSeconds(2); // a heartbeat every second
        try
        {
            using var lk = OutputLock.Acquire(dir.Path, "motorpick train");
            var old = DateTime.UtcNow - TimeSpan.FromHours(1);
            File.SetLastWriteTimeUtc(lk.Path, old);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (OutputLock.HeartbeatOf(lk.Path) < old + TimeSpan.FromMinutes(30) && DateTime.UtcNow < deadline) Thread.Sleep(100);
            Assert.True(DateTime.UtcNow - OutputLock.HeartbeatOf(lk.Path) < TimeSpan.FromSeconds(5), "the holder touched its lock file");
        }
        finally
        {
            OutputLock.Lease = before;
        }
    }

    [Fact]
    public void A_taker_whose_judgement_is_out_of_date_never_moves_the_live_lock_that_replaced_the_stale_one()
    {
        using var dir = Fixtures.TempDir();
        var path = OutputLock.LockPath(dir.Path);
        var staleText = JsonSerializer.Serialize(new LockOwner(DeadPid(), Environment.MachineName, null, "motorpick synth", "2026-01-01T00:00:00Z"));
        // meanwhile another process took the stale lock over: the file is its live lock now
        using var live = OutputLock.Acquire(dir.Path, "motorpick synth");
        var liveText = File.ReadAllText(path);
        var touched = new List<string>();
        using var watcher = new FileSystemWatcher(dir.Path) { IncludeSubdirectories = false, EnableRaisingEvents = true };
        watcher.Renamed += (_, e) => { if (e.OldName == OutputLock.FileName || e.Name == OutputLock.FileName) lock (touched) touched.Add($"renamed {e.OldName} -> {e.Name}"); };
        watcher.Deleted += (_, e) => { if (e.Name == OutputLock.FileName) lock (touched) touched.Add($"deleted {e.Name}"); };

        // the late taker acts on what it read before: with a rename-and-put-back a third process could slip in between
        Assert.False(OutputLock.TakeOver(path, staleText, LockOwner.Current("motorpick synth")));
        Thread.Sleep(300);
        Assert.Equal(liveText, File.ReadAllText(path));
        lock (touched) Assert.Empty(touched);
    }

    [Theory]
    [InlineData("this host")]
    [InlineData("a dead host")]
    public void Of_many_processes_taking_over_one_stale_lock_at_once_exactly_one_wins(string staleFrom)
    {
        using var dir = Fixtures.TempDir();
        const int contenders = 8;
        var target = dir.File("out");
        Directory.CreateDirectory(target);
        var stale = staleFrom == "this host"
            ? new LockOwner(DeadPid(), Environment.MachineName, null, "motorpick synth", "2026-01-01T00:00:00Z")
            : new LockOwner(4242, "node-17", null, "motorpick synth", "2026-01-01T00:00:00Z");
        WriteLock(target, stale);
        File.SetLastWriteTimeUtc(OutputLock.LockPath(target), DateTime.UtcNow - OutputLock.Lease - TimeSpan.FromMinutes(1));
        var ready = dir.File("ready");
        Directory.CreateDirectory(ready);
        var go = dir.File("go");
        var results = dir.File("results");
        Directory.CreateDirectory(results);
        var self = typeof(Program).Assembly.Location;
        var children = Enumerable.Range(0, contenders).Select(_ =>
            Process.Start(new ProcessStartInfo("dotnet", ["exec", self, "lock-contender", target, ready, go, results]) { UseShellExecute = false })!).ToList();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            while (Directory.GetFiles(ready).Length < contenders && DateTime.UtcNow < deadline) Thread.Sleep(20);
            File.WriteAllText(go, "");
            foreach (var c in children) Assert.True(c.WaitForExit(TimeSpan.FromSeconds(120)));
            var outcomes = Directory.GetFiles(results).Select(File.ReadAllText).ToList();
            Assert.DoesNotContain(outcomes, o => o.StartsWith("failed: ", StringComparison.Ordinal));
            Assert.Equal(contenders, outcomes.Count);
            Assert.Single(outcomes, o => o == "won");
            Assert.Empty(Directory.GetFiles(target, "*takeover*"));
        }
        finally
        {
            foreach (var c in children)
            {
                if (!c.HasExited) c.Kill();
                c.Dispose();
            }
        }
    }

    [Fact]
    public void Scoped_locks_of_different_shards_share_a_directory_but_the_same_scope_does_not()
    {
        using var dir = Fixtures.TempDir();
        using var a = OutputLock.Acquire(dir.Path, "shard 0", scope: "shard-0-of-2");
        using var b = OutputLock.Acquire(dir.Path, "shard 1", scope: "shard-1-of-2");
        Assert.EndsWith(".motorpick.shard-0-of-2.lock", a.Path, StringComparison.Ordinal);
        Assert.NotEqual(a.Path, b.Path);
        Assert.Throws<ArgumentException>(() => OutputLock.LockPath(dir.Path, "a/b"));
    }

    [Fact]
    public void Leftovers_of_one_output_and_of_a_whole_directory_are_deleted()
    {
        using var dir = Fixtures.TempDir();
        int dead;
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            gone.WaitForExit();
            dead = gone.Id;
        }
        var tmp = $"{AtomicFile.TempMarker}{dead}-abc";
        var final = dir.File("cand.csv");
        File.WriteAllText(final + tmp, "half");
        File.WriteAllText(dir.File("other.csv") + tmp, "half");
        Directory.CreateDirectory(dir.File("tomo_a") + tmp);
        File.WriteAllText(Path.Combine(dir.File("tomo_a") + tmp, "slice_0000.jpg"), "x");
        Directory.CreateDirectory(dir.File("sub"));
        File.WriteAllText(Path.Combine(dir.File("sub"), "keep.json") + tmp, "x");
        File.WriteAllText(Path.Combine(dir.File("sub"), "keep.json"), "x");
        File.WriteAllText(dir.File($".motorpick.lock.stale-{dead}-aa"), "{}");
        // kept: a live writer's temporary file (this process), and a partial download (no pid: a rerun continues it)
        File.WriteAllText(dir.File("live.csv") + $"{AtomicFile.TempMarker}{Environment.ProcessId}-abc", "in flight");
        File.WriteAllText(dir.File("tomo.mrc") + AtomicFile.TempMarker + "partial", "resumable");

        Assert.Equal(1, OutputLock.DeleteLeftoversOf(final));
        Assert.True(File.Exists(dir.File("other.csv") + tmp));

        using var lk = OutputLock.Acquire(dir.Path, "test");
        Assert.Equal(4, lk.DeleteLeftovers());
        Assert.Equal(["live.csv" + $"{AtomicFile.TempMarker}{Environment.ProcessId}-abc", "sub/keep.json", "tomo.mrc" + AtomicFile.TempMarker + "partial"],
            Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir.Path, f)).Where(f => f != ".motorpick.lock").Order(StringComparer.Ordinal));
        using var scoped = OutputLock.Acquire(dir.Path, "test", scope: "x");
        Assert.Throws<InvalidOperationException>(() => scoped.DeleteLeftovers());
    }

    [Fact]
    public void The_sweep_keeps_both_halves_of_a_directory_swap_killed_between_its_renames_but_not_a_lone_staging()
    {
        using var dir = Fixtures.TempDir();
        var dead = DeadPid();
        var marker = AtomicFile.TempMarker;
        // checkpoint/ moved aside, the new one not yet moved in: both complete, only their owner knows which to keep
        var aside = dir.File($"checkpoint{marker}{dead}{AtomicFile.AsideTag}aa");
        var staged = dir.File($"checkpoint{marker}{dead}-bb");
        Directory.CreateDirectory(aside);
        Directory.CreateDirectory(staged);
        // a staging directory of a first write killed before its publish: nothing to recover
        Directory.CreateDirectory(dir.File($"images{marker}{dead}-cc"));
        using var lk = OutputLock.Acquire(dir.Path, "motorpick round run");
        Assert.Equal(1, lk.DeleteLeftovers());
        Assert.Equal(0, OutputLock.DeleteLeftoversOf(dir.File("checkpoint")));
        Assert.True(Directory.Exists(aside) && Directory.Exists(staged));
        Assert.False(Directory.Exists(dir.File($"images{marker}{dead}-cc")));
        // once the owner has recovered the output, the other half is an ordinary leftover
        Directory.Move(staged, dir.File("checkpoint"));
        Assert.Equal(1, lk.DeleteLeftovers());
        Assert.False(Directory.Exists(aside));

        // an owner that writes the output anew instead: its publish removes the halves
        Directory.Delete(dir.File("checkpoint"));
        Directory.CreateDirectory(aside);
        Directory.CreateDirectory(staged);
        var fresh = AtomicFile.TempPathFor(dir.File("checkpoint"));
        Directory.CreateDirectory(fresh);
        AtomicFile.PublishDirectory(fresh, dir.File("checkpoint"));
        Assert.Equal(["checkpoint"], Directory.GetDirectories(dir.Path).Select(Path.GetFileName).Where(n => n!.StartsWith("checkpoint", StringComparison.Ordinal)));
    }

    [Fact]
    public void Nested_locks_of_writers_that_died_are_deleted_with_the_leftovers_and_live_ones_kept()
    {
        using var dir = Fixtures.TempDir();
        int dead;
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            gone.WaitForExit();
            dead = gone.Id;
        }
        // a killed round's train step left its lock in model/; a rerun that skips the finished step never takes it over
        Directory.CreateDirectory(dir.File("model"));
        var owner = new LockOwner(dead, Environment.MachineName, null, "motorpick train", "2026-01-01T00:00:00Z");
        File.WriteAllText(Path.Combine(dir.File("model"), OutputLock.FileName), System.Text.Json.JsonSerializer.Serialize(owner));
        Directory.CreateDirectory(dir.File("live"));
        using var live = OutputLock.Acquire(dir.File("live"), "test");

        using var lk = OutputLock.Acquire(dir.Path, "test");
        Assert.Equal(1, lk.DeleteLeftovers());
        Assert.False(File.Exists(Path.Combine(dir.File("model"), OutputLock.FileName)));
        Assert.True(File.Exists(Path.Combine(dir.File("live"), OutputLock.FileName)));
    }

    [Fact]
    public void Temporary_files_of_lock_creators_that_died_are_removed_and_live_ones_kept()
    {
        using var dir = Fixtures.TempDir();
        int dead;
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            gone.WaitForExit();
            dead = gone.Id;
        }
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var lockPath = OutputLock.LockPath(dir.Path, "cand.csv");
            File.WriteAllText($"{lockPath}{AtomicFile.TempMarker}{dead}-0a1b", "{}");
            File.WriteAllText($"{lockPath}{AtomicFile.TempMarker}{sleeper.Id}-0a1b", "{}");
            using var lk = OutputLock.Acquire(dir.Path, "motorpick predict", scope: "cand.csv");
            Assert.False(File.Exists($"{lockPath}{AtomicFile.TempMarker}{dead}-0a1b"));
            Assert.True(File.Exists($"{lockPath}{AtomicFile.TempMarker}{sleeper.Id}-0a1b"));
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Fact]
    public void A_directory_wide_writer_and_a_live_shard_writer_exclude_each_other()
    {
        using var dir = Fixtures.TempDir();
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var shard = new LockOwner(sleeper.Id, Environment.MachineName, StartOf(sleeper), "motorpick portal fetch --shard 1/4", "2026-01-01T00:00:00Z");
            File.WriteAllText(OutputLock.LockPath(dir.Path, "shard-1-of-4"), JsonSerializer.Serialize(shard));
            var ex = Assert.Throws<MotorPickException>(() => OutputLock.Acquire(dir.Path, "motorpick portal fetch"));
            Assert.Contains("--shard 1/4", ex.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(OutputLock.LockPath(dir.Path)), "the refused writer leaves no lock");
            using (OutputLock.Acquire(dir.Path, "motorpick portal fetch --shard 2/4", scope: "shard-2-of-4")) { }

            File.Delete(OutputLock.LockPath(dir.Path, "shard-1-of-4"));
            var wide = new LockOwner(sleeper.Id, Environment.MachineName, StartOf(sleeper), "motorpick portal fetch", "2026-01-01T00:00:00Z");
            File.WriteAllText(OutputLock.LockPath(dir.Path), JsonSerializer.Serialize(wide));
            Assert.Throws<MotorPickException>(() => OutputLock.Acquire(dir.Path, "motorpick portal fetch --shard 0/4", scope: "shard-0-of-4"));
            Assert.False(File.Exists(OutputLock.LockPath(dir.Path, "shard-0-of-4")));
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }

    [Fact]
    public void A_directory_wide_writer_removes_scoped_locks_of_dead_processes()
    {
        using var dir = Fixtures.TempDir();
        File.WriteAllText(OutputLock.LockPath(dir.Path, "shard-0-of-2"),
            JsonSerializer.Serialize(new LockOwner(int.MaxValue - 1, Environment.MachineName, null, "motorpick predict --shard 0/2", "2020-01-01T00:00:00Z")));
        using var lk = OutputLock.Acquire(dir.Path, "motorpick predict");
        Assert.False(File.Exists(OutputLock.LockPath(dir.Path, "shard-0-of-2")));
    }

    [Fact]
    public void A_killed_process_not_yet_collected_by_its_parent_holds_no_lock()
    {
        using var dir = Fixtures.TempDir();
        // the child 'sleep 0.1' exits; its parent becomes 'sleep 30', which never collects it: a zombie for 30 s
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 0.1 & echo $!; exec sleep 30"]) { UseShellExecute = false, RedirectStandardOutput = true })!;
        try
        {
            var zombie = int.Parse(parent.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!File.ReadAllText($"/proc/{zombie}/stat").Contains(") Z", StringComparison.Ordinal) && DateTime.UtcNow < deadline) Thread.Sleep(20);
            var owner = new LockOwner(zombie, Environment.MachineName, null, "motorpick train --out run", "2026-01-01T00:00:00Z");
            Assert.False(OutputLock.IsAlive(owner));
            WriteLock(dir.Path, owner);
            using var lk = OutputLock.Acquire(dir.Path, "motorpick train --out run --resume");
            Assert.Equal(owner, lk.TakenOverFrom);
        }
        finally
        {
            parent.Kill();
            parent.WaitForExit();
        }
    }

    private static int DeadPid()
    {
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();
        return gone.Id;
    }

    private static string StartOf(Process p) => p.StartTime.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteLock(string dir, LockOwner owner) => File.WriteAllText(OutputLock.LockPath(dir), JsonSerializer.Serialize(owner));
}
