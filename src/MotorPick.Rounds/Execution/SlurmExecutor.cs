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
/// submitted; a failed job cancels the jobs that depend on it (<c>--kill-on-invalid-dep</c>), and rerunning the round
/// submits only what is still missing.
/// </summary>
public sealed class SlurmExecutor(SlurmExecutorOptions options, SlurmClient client) : IStepExecutor
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The step → job id map of the last submission.</summary>
    public string JobsFile => Path.Combine(options.Directory, "jobs.json");

    public void Run(IReadOnlyList<RoundStep> steps, IProgress<StepEvent>? progress, CancellationToken ct)
    {
        PlanOrder.Check(steps);
        RefuseWhileEarlierJobsAreQueued();
        var logs = Path.Combine(options.Directory, "logs");
        System.IO.Directory.CreateDirectory(logs);
        var jobs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var step = steps[i];
            if (step.Outputs.Count > 0 && step.Outputs.All(o => File.Exists(o) || System.IO.Directory.Exists(o)))
            {
                progress?.Report(new StepEvent(step, StepState.Skipped, TimeSpan.Zero, i, steps.Count));
                continue;
            }
            var script = Path.Combine(options.Directory, step.Name + ".sbatch");
            var resources = step.Heavy ? options.Resources : options.Resources with { GpusPerTask = null };
            AtomicFile.WriteAllText(script, SbatchScript.RenderSingle($"motorpick-{step.Name}", options.Launcher, step.Args, options.WorkingDirectory,
                resources, Path.Combine(logs, step.Name + "_%j.out"), options.Setup));
            var after = step.DependsOn.Where(jobs.ContainsKey).Select(d => jobs[d]).ToList();
            jobs[step.Name] = client.Submit(script, afterOk: after);
            progress?.Report(new StepEvent(step, StepState.Submitted, TimeSpan.Zero, i, steps.Count));
        }
        AtomicFile.WriteAllText(JobsFile, JsonSerializer.Serialize(jobs, Json) + "\n");
    }

    /// <summary>Submitting again while the earlier jobs wait or run would run every step twice.</summary>
    private void RefuseWhileEarlierJobsAreQueued()
    {
        if (!File.Exists(JobsFile)) return;
        var earlier = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(JobsFile)) ?? [];
        var active = client.Queue(earlier.Values.Distinct().ToArray())
            .Where(s => SlurmArrayRun.FromSlurm(s.State) is TaskState.Pending or TaskState.Running).Select(s => s.JobId).ToHashSet();
        var steps = earlier.Where(kv => active.Contains(kv.Value)).Select(kv => $"{kv.Key} ({kv.Value})").ToList();
        if (steps.Count > 0)
            throw new MotorPickException($"this round's jobs are still queued or running: {string.Join(", ", steps)}; wait for them (squeue) or scancel them first", JobsFile);
    }
}
