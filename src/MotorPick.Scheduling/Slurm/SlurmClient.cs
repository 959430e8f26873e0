using System.Diagnostics;
using MotorPick.Core;

namespace MotorPick.Scheduling.Slurm;

/// <summary>The output of a finished program.</summary>
public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr);

/// <summary>Runs a program to completion (the Slurm client tools); tests substitute a fake.</summary>
public interface IProcessRunner
{
    ProcessResult Run(string program, IReadOnlyList<string> args);
}

/// <summary>Runs programs with <see cref="Process"/>, found on PATH.</summary>
public sealed class SystemProcessRunner : IProcessRunner
{
    public ProcessResult Run(string program, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new MotorPickException($"could not start {program}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new MotorPickException($"{program} was not found: is this a Slurm login node (or is the Slurm client installed)? ({ex.Message})", field: program, inner: ex);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new ProcessResult(process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
        }
    }
}

/// <summary>One line of <c>squeue</c> or <c>sacct</c>: a job (or array task) and its Slurm state.</summary>
public sealed record SlurmJobState(string JobId, int? ArrayTask, string State, string? ExitCode);

/// <summary>
/// The Slurm client commands MotorPick uses: <c>sbatch</c>, <c>squeue</c>, <c>sacct</c>, <c>scancel</c>. Only this class
/// knows their options and output formats.
/// </summary>
public sealed class SlurmClient(IProcessRunner? runner = null)
{
    private readonly IProcessRunner _runner = runner ?? new SystemProcessRunner();

    /// <summary>Submits <paramref name="script"/>; returns the job id. <paramref name="array"/> overrides the script's array.</summary>
    public string Submit(string script, string? array = null, IReadOnlyList<string>? afterOk = null)
    {
        var args = new List<string> { "--parsable" };
        if (array is not null) args.Add($"--array={array}");
        if (afterOk is { Count: > 0 })
        {
            args.Add($"--dependency=afterok:{string.Join(':', afterOk)}");
            args.Add("--kill-on-invalid-dep=yes");
        }
        args.Add(script);
        var r = _runner.Run("sbatch", args);
        if (r.ExitCode != 0) throw new MotorPickException($"sbatch refused the job: {r.StdErr.Trim()}", script);
        // --parsable prints "<job id>" or "<job id>;<cluster>".
        var id = r.StdOut.Trim().Split(';')[0];
        if (id.Length == 0 || !id.All(char.IsAsciiDigit)) throw new MotorPickException($"sbatch printed no job id: '{r.StdOut.Trim()}'", script);
        return id;
    }

    /// <summary>The jobs' tasks the controller still knows (queued, running, or recently finished), one per array task.</summary>
    public IReadOnlyList<SlurmJobState> Queue(IReadOnlyCollection<string> jobIds)
    {
        if (jobIds.Count == 0) return [];
        string[] args = ["--noheader", "--array", "--states=all", $"--jobs={string.Join(',', jobIds)}", "--format=%i|%T"];
        var r = _runner.Run("squeue", args);
        // A busy controller times out now and then: ask again before giving up, never read silence as "gone".
        for (var attempt = 1; r.ExitCode != 0 && !IsUnknownJob(r) && attempt < 3; attempt++)
        {
            Thread.Sleep(500 * attempt);
            r = _runner.Run("squeue", args);
        }
        if (r.ExitCode == 0) return ParseLines(r.StdOut, withExit: false);
        if (!IsUnknownJob(r)) throw new MotorPickException($"squeue failed: {r.StdErr.Trim()}");
        // squeue refuses the whole list when one job has left the controller: ask for each alone.
        return jobIds.Count == 1 ? [] : jobIds.SelectMany(j => Queue([j])).ToList();
    }

    private static bool IsUnknownJob(ProcessResult r) => r.StdErr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase);

    /// <summary>Accounting records of the jobs' tasks, or empty when accounting is disabled or unreachable.</summary>
    public IReadOnlyList<SlurmJobState> Accounting(IReadOnlyCollection<string> jobIds)
    {
        if (jobIds.Count == 0) return [];
        ProcessResult r;
        try
        {
            r = _runner.Run("sacct", ["--noheader", "--parsable2", "--allocations", $"--jobs={string.Join(',', jobIds)}", "--format=JobID,State,ExitCode"]);
        }
        catch (MotorPickException)
        {
            return [];
        }
        return r.ExitCode == 0 ? ParseLines(r.StdOut, withExit: true) : [];
    }

    /// <summary>Cancels jobs or array tasks (<c>123</c>, <c>123_4</c>).</summary>
    public void Cancel(IEnumerable<string> ids)
    {
        var list = ids.ToList();
        if (list.Count == 0) return;
        var r = _runner.Run("scancel", list);
        if (r.ExitCode != 0) throw new MotorPickException($"scancel failed: {r.StdErr.Trim()}");
    }

    /// <summary>Parses "<c>id|STATE[|exit]</c>" lines; ids are <c>123</c>, <c>123_4</c> or <c>123_[5-7%2]</c> (pending ranges).</summary>
    public static IReadOnlyList<SlurmJobState> ParseLines(string text, bool withExit)
    {
        var list = new List<SlurmJobState>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var f = line.Split('|');
            if (f.Length < 2) continue;
            // sacct: "CANCELLED by 0" -> CANCELLED.
            var state = f[1].Split(' ')[0];
            var exit = withExit && f.Length > 2 ? f[2] : null;
            var id = f[0];
            var underscore = id.IndexOf('_', StringComparison.Ordinal);
            if (underscore < 0)
            {
                list.Add(new SlurmJobState(id, null, state, exit));
                continue;
            }
            var job = id[..underscore];
            var task = id[(underscore + 1)..];
            if (task.StartsWith('[')) foreach (var t in ArrayRange.Parse(task.Trim('[', ']'))) list.Add(new SlurmJobState(job, t, state, exit));
            else if (int.TryParse(task, System.Globalization.CultureInfo.InvariantCulture, out var t)) list.Add(new SlurmJobState(job, t, state, exit));
        }
        return list;
    }
}
