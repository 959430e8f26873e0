using System.Diagnostics;
using System.Text;

namespace MotorPick.Cli.Tests.Chaos;

/// <summary>One run of the real <c>motorpick</c> process: its exit code (null when killed), everything it printed (and stdout and stderr apart), its time.</summary>
public sealed record ChildRun(int? Exit, string Output, TimeSpan Elapsed, bool Killed, string StdOut = "", string StdErr = "")
{
    /// <summary>The output with runs of whitespace (line breaks, table padding) as one space, for matching a sentence.</summary>
    public string Text => string.Join(' ', Output.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>
/// Runs the built <c>motorpick</c> assembly (copied next to the tests) as a child process, and kills it with SIGKILL
/// (<see cref="Process.Kill(bool)"/> on Linux) after a given delay: no handler, no finally block, no flush runs, as when
/// a node dies or the OOM killer strikes.
/// </summary>
public static class ChildCli
{
    private static readonly string Host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "motorpick.dll");

    /// <summary>Starts <paramref name="args"/> and returns at once.</summary>
    public static RunningChild Start(IReadOnlyList<string> args, string? workDir = null)
    {
        var psi = new ProcessStartInfo(Host)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDir ?? Path.GetTempPath(),
        };
        psi.ArgumentList.Add(Assembly);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new RunningChild(psi, string.Join(' ', args));
    }

    /// <summary>Starts <paramref name="args"/>; kills the process tree after <paramref name="killAfter"/> if it is still running.</summary>
    public static ChildRun Run(IReadOnlyList<string> args, TimeSpan? killAfter = null, TimeSpan? timeout = null, string? workDir = null)
    {
        using var child = Start(args, workDir);
        var killed = killAfter is { } delay && !child.Process.WaitForExit(delay) && child.Kill();
        return child.Wait(timeout, killed);
    }

    /// <summary>Runs to completion and fails the test (with the output) unless the exit code is 0.</summary>
    public static ChildRun Ok(IReadOnlyList<string> args, string? workDir = null)
    {
        var run = Run(args, workDir: workDir);
        Assert.True(run.Exit == 0, $"motorpick {string.Join(' ', args)} exited {run.Exit}:\n{run.Output}");
        return run;
    }
}

/// <summary>A started <c>motorpick</c> process collecting its output.</summary>
public sealed class RunningChild : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _commandLine;

    internal RunningChild(ProcessStartInfo psi, string commandLine)
    {
        _commandLine = commandLine;
        Process = new Process { StartInfo = psi };
        Process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) { _output.AppendLine(e.Data); _stdout.AppendLine(e.Data); } };
        Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) { _output.AppendLine(e.Data); _stderr.AppendLine(e.Data); } };
        Process.Start();
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>What the process has printed so far (stdout and stderr).</summary>
    public string OutputSoFar
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>SIGKILL to the process and its children; true (for use in conditions).</summary>
    public bool Kill()
    {
        try { Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        return true;
    }

    /// <summary>Sends <paramref name="signal"/> ("TERM", "INT") to the process alone, as <c>kill -TERM PID</c> does (scancel and systemd send SIGTERM).</summary>
    public void Signal(string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the end (killing it after <paramref name="timeout"/>, default 2 minutes, and failing).</summary>
    public ChildRun Wait(TimeSpan? timeout = null, bool killed = false)
    {
        if (!Process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            Kill();
            Process.WaitForExit();
            lock (_output) throw new TimeoutException($"motorpick {_commandLine} did not finish in time:\n{_output}");
        }
        Process.WaitForExit(); // drains the redirected output
        lock (_output) return new ChildRun(killed ? null : Process.ExitCode, _output.ToString(), _clock.Elapsed, killed, _stdout.ToString(), _stderr.ToString());
    }

    public void Dispose()
    {
        if (!Process.HasExited) { Kill(); Process.WaitForExit(); }
        Process.Dispose();
    }
}
