using System.Text.Json;
using MotorPick.Core;
using MotorPick.Scheduling;
using MotorPick.Scheduling.Slurm;

namespace MotorPick.Rounds.Execution;

/// <summary>What the Slurm executor needs besides the plan: where to write, how nodes start motorpick, and resources.</summary>
public sealed record SlurmExecutorOptions
{
    /// <summary>Directory for the step scripts, their logs and <c>jobs.json</c> (the round's <c>slurm/</c> folder).</summary>
    public required string Directory { get; init; }

    /// <summary>How a node starts motorpick, e.g. <c>["/usr/bin/dotnet", "/opt/motorpick/motorpick.dll"]</c>.</summary>
    public required IReadOnlyList<string> Launcher { get; init; }

    /// <summary>Resources of training and prediction steps; the other steps get the same without GPUs.</summary>
    public JobResources Resources { get; init; } = new();

    /// <summary>Shell lines run before each step on the node (<c>module load ...</c>).</summary>
    public IReadOnlyList<string> Setup { get; init; } = [];

    /// <summary>Working directory of the jobs.</summary>
    public string WorkingDirectory { get; init; } = System.IO.Directory.GetCurrentDirectory();
}

/// <summary>
/// Submits a round's steps to Slurm instead of running them: one job per step (script <c>&lt;step&gt;.sbatch</c>, log
/// <c>logs/&lt;step&gt;_&lt;job&gt;.out</c>), each waiting with <c>--dependency=afterok</c> for the jobs of the steps it
/// depends on, so k training jobs run side by side, each prediction follows its fold's training, and merge, mine and
/// render follow all predictions. Steps whose outputs exist are skipped (and not waited for). Returns once everything is
/// submitted; a failed job cancels the jobs that depend on it (<c>--kill-on-invalid-dep</c>).
/// Each job id goes into <c>jobs.json</c> as soon as sbatch gives it, under the lock of the Slurm folder, so a rerun
/// (after a failed sbatch, a kill, or jobs that failed) submits only the steps that are missing: a step whose job is
/// still queued or running is kept and waited for, never queued twice.
/// </summary>
public sealed class SlurmExecutor(SlurmExecutorOptions options, SlurmClient client) : IStepExecutor
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The step → job id map of the jobs submitted for this round (written after each sbatch).</summary>
    public string JobsFile => Path.Combine(options.Directory, "jobs.json");

    public void Run(IReadOnlyList<RoundStep> steps, IProgress<StepEvent>? progress, CancellationToken ct)
    {
        PlanOrder.Check(steps);
        // two submitters of one round would both find the same steps missing and queue them twice
        using var submitLock = OutputLock.Acquire(options.Directory, "motorpick round run --executor slurm", scope: "slurm-submit");
        var recorded = LoadJobs();
        var plan = Plan(steps, recorded);
        var logs = Path.Combine(options.Directory, "logs");
        System.IO.Directory.CreateDirectory(logs);
        var jobs = new Dictionary<string, string>(recorded, StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var step = steps[i];
            switch (plan[i])
            {
                case Decision.Done:
                    progress?.Report(new StepEvent(step, StepState.Skipped, TimeSpan.Zero, i, steps.Count));
                    continue;
                case Decision.Queued:
                    continue; // its job from an earlier submission is still queued or running
            }
            var script = Path.Combine(options.Directory, step.Name + ".sbatch");
            var resources = step.Heavy ? options.Resources : options.Resources with { GpusPerTask = null };
            AtomicFile.WriteAllText(script, SbatchScript.RenderSingle($"motorpick-{step.Name}", options.Launcher, step.Args, options.WorkingDirectory,
                resources, Path.Combine(logs, step.Name + "_%j.out"), options.Setup));
            var after = step.DependsOn.Where(d => plan[IndexOf(steps, d)] != Decision.Done && jobs.ContainsKey(d)).Select(d => jobs[d]).ToList();
            jobs[step.Name] = client.Submit(script, afterOk: after);
            // recorded at once: a failure on a later sbatch, or a kill, must not make a rerun queue this job again
            AtomicFile.WriteAllText(JobsFile, JsonSerializer.Serialize(jobs, Json) + "\n");
            progress?.Report(new StepEvent(step, StepState.Submitted, TimeSpan.Zero, i, steps.Count));
        }
        if (!File.Exists(JobsFile)) AtomicFile.WriteAllText(JobsFile, JsonSerializer.Serialize(jobs, Json) + "\n");
    }

    private enum Decision { Done, Queued, Submit }

    /// <summary>
    /// What each step needs: done (its outputs exist), queued (an earlier job of it waits or runs, and so do or are done
    /// all it depends on), or a new job. A queued job that waits on a step submitted anew would run against the wrong
    /// job (or never): that is refused before anything is submitted, naming the queued jobs.
    /// </summary>
    private Decision[] Plan(IReadOnlyList<RoundStep> steps, IReadOnlyDictionary<string, string> recorded)
    {
        var active = recorded.Count == 0
            ? []
            : client.Queue(recorded.Values.Distinct().ToArray())
                .Where(s => SlurmArrayRun.FromSlurm(s.State) is TaskState.Pending or TaskState.Running).Select(s => s.JobId).ToHashSet();
        var plan = new Decision[steps.Count];
        var conflict = false;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.Outputs.Count > 0 && step.Outputs.All(o => File.Exists(o) || System.IO.Directory.Exists(o))) plan[i] = Decision.Done;
            else if (recorded.TryGetValue(step.Name, out var job) && active.Contains(job))
            {
                plan[i] = Decision.Queued;
                if (step.DependsOn.Any(d => IndexOf(steps, d) is var k && k >= 0 && plan[k] == Decision.Submit)) conflict = true;
            }
            else plan[i] = Decision.Submit;
        }
        if (conflict)
        {
            var queued = recorded.Where(kv => active.Contains(kv.Value)).Select(kv => $"{kv.Key} ({kv.Value})").ToList();
            throw new MotorPickException($"this round's jobs are still queued or running: {string.Join(", ", queued)}; wait for them (squeue) or scancel them first", JobsFile);
        }
        return plan;
    }

    private static int IndexOf(IReadOnlyList<RoundStep> steps, string name)
    {
        for (var i = 0; i < steps.Count; i++)
            if (steps[i].Name == name) return i;
        return -1;
    }

    private Dictionary<string, string> LoadJobs()
    {
        if (!File.Exists(JobsFile)) return new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var map = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(JobsFile)) ?? [];
            return new Dictionary<string, string>(map, StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new MotorPickException($"invalid JSON ({ex.Message}); it maps each step to its Slurm job id", JobsFile, inner: ex);
        }
    }
}
