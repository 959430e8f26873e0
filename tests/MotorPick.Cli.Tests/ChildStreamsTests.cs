using System.Diagnostics;
using MotorPick.Cli.Tests.Chaos;
using MotorPick.Tests;

namespace MotorPick.Cli.Tests;

/// <summary>The real process with redirected stdout and stderr, as in a pipe or a Slurm log: nothing wraps, nothing mixes.</summary>
public class ChildStreamsTests
{
    [Fact]
    public void A_long_error_arrives_on_stderr_on_one_line_and_nothing_on_stdout()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("bad.csv"), "a,b\n1,2\n");
        var run = ChildCli.Run(["labels", "gt", "--labels", tmp.File("bad.csv"), "--out", tmp.File("gt.csv")]);
        Assert.Equal(1, run.Exit);
        Assert.Equal("", run.StdOut);
        var line = Assert.Single(NonEmptyLines(run.StdErr));
        Assert.True(line.Length > 80, line);
        Assert.StartsWith($"error: {tmp.File("bad.csv")}, line 1: not a label table MotorPick reads: expected the header of train_labels.csv", line);
        Assert.EndsWith("num_motors, ..., motor_zyx)", line);
    }

    [Fact]
    public void A_usage_error_exits_2_on_stderr_only()
    {
        var run = ChildCli.Run(["labels", "gt", "--labels", "a.csv", "--out", "b.csv", "--bogus"]);
        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.StdOut);
        Assert.Equal(["error: Unrecognized command or argument '--bogus'.", "Run 'motorpick labels gt --help' for its options and examples."],
            NonEmptyLines(run.StdErr));
    }

    [Fact]
    public void Notes_go_to_stderr_and_quiet_prints_no_progress_or_notes()
    {
        using var tmp = Fixtures.TempDir();
        var quiet = ChildCli.Ok(["synth", "--preset", "tiny", "--count", "2", "--out", tmp.File("synth"), "--quiet"]);
        Assert.Equal("", quiet.StdErr); // no progress lines (Spectre prints "synth tiny: N%" where stderr is not a terminal)
        Assert.Contains("2 (2 generated, 0 already there)", quiet.StdOut);

        string[] convert = ["volume", "convert", Path.Combine(tmp.File("synth"), "train"), tmp.File("npy"), "--to", "npy"];
        ChildCli.Ok(convert);
        var loud = ChildCli.Ok(convert);
        Assert.Equal(2, NonEmptyLines(loud.StdErr).Count(l => l.EndsWith(": converted by an earlier run", StringComparison.Ordinal)));
        var silent = ChildCli.Ok([.. convert, "-q"]);
        Assert.Equal("", silent.StdErr);
        Assert.Equal(loud.StdOut, silent.StdOut);
    }

    [Fact]
    public void A_wide_table_is_not_wrapped_at_80_columns()
    {
        var run = ChildCli.Ok(["labels", "stats", Fixtures.Path("reference", "gt_v3.csv")]);
        var rows = NonEmptyLines(run.StdOut);
        Assert.Contains(rows, r => r.Length > 80 && r.Contains("voxel spacing", StringComparison.Ordinal) && r.Contains("motors per tomogram", StringComparison.Ordinal));
    }

    [Fact]
    public void Ctrl_c_cancels_with_exit_130()
    {
        using var tmp = Fixtures.TempDir();
        using var child = ChildCli.Start(["synth", "--preset", "tiny", "--count", "5000", "--out", tmp.File("synth")]);
        var train = Path.Combine(tmp.File("synth"), "train");
        var clock = Stopwatch.StartNew();
        while (!(Directory.Exists(train) && Directory.EnumerateDirectories(train).Any()) && clock.Elapsed < TimeSpan.FromSeconds(60) && !child.Process.HasExited)
            Thread.Sleep(100);
        Assert.False(child.Process.HasExited, "synth ended before it could be interrupted");
        // A process started with SIGINT ignored (a background job of a non-interactive shell) passes that on; SIGTERM takes the same path.
        using (var kill = Process.Start("kill", [SigIntIgnored() ? "-TERM" : "-INT", child.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            kill.WaitForExit();
        var run = child.Wait(TimeSpan.FromSeconds(60));
        Assert.Equal(130, run.Exit);
        Assert.Contains("cancelled", run.StdErr);
    }

    private static string[] NonEmptyLines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();

    /// <summary>True when this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status), so its children do too.</summary>
    internal static bool SigIntIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << 1)) != 0;
    }
}
