using System.Globalization;
using System.Text;

namespace MotorPick.Scheduling.Slurm;

/// <summary>
/// Renders the sbatch script of an <see cref="ArrayJob"/>: #SBATCH lines for the array and its resources, one log per
/// task, the command with <c>%a</c> turned into <c>${SLURM_ARRAY_TASK_ID}</c>, and the task's exit code recorded in the
/// run directory. The text is meant to be read (and, in a pinch, submitted by hand with <c>sbatch job.sbatch</c>).
/// </summary>
public static class SbatchScript
{
    private const string TaskId = "${SLURM_ARRAY_TASK_ID}";

    public static string Render(ArrayJob job, SlurmRunLayout layout)
    {
        var sb = new StringBuilder();
        sb.Append("#!/bin/bash\n");
        sb.Append(CultureInfo.InvariantCulture, $"# MotorPick array job '{job.Name}': {job.Tasks} task(s), task i runs the command with %a = i.\n");
        sb.Append("# Written by 'motorpick slurm submit'. Each task logs to logs/<job>_<task>.out and records its exit code in tasks/<task>.exit.\n");
        sb.Append(CultureInfo.InvariantCulture, $"#   status:   motorpick slurm status {ShellWords.Quote(layout.Root)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#   resubmit: motorpick slurm resubmit {ShellWords.Quote(layout.Root)} --failed\n");
        Directive(sb, "job-name", job.Name);
        Directive(sb, "array", ArrayRange.Format(Enumerable.Range(0, job.Tasks), job.Resources.ArrayParallel));
        Directive(sb, "ntasks", "1");
        Resources(sb, job.Resources);
        Directive(sb, "chdir", job.WorkingDirectory);
        Directive(sb, "output", Path.Combine(layout.Logs, "%A_%a.out"));
        sb.Append("set -uo pipefail\n\n");
        sb.Append("echo \"motorpick: task ${SLURM_ARRAY_TASK_ID} of job ${SLURM_ARRAY_JOB_ID} on $(hostname) at $(date -Is)\"\n");
        foreach (var line in job.Setup) sb.Append(line).Append('\n');
        sb.Append(string.Join(' ', job.Launcher.Select(ShellWords.Quote)));
        foreach (var arg in job.Command) sb.Append(' ').Append(ShellWords.QuoteWithExpansion(arg, ArrayJob.TaskPlaceholder, TaskId));
        sb.Append('\n');
        sb.Append("status=$?\n");
        sb.Append(CultureInfo.InvariantCulture, $"echo \"${{SLURM_ARRAY_JOB_ID}} ${{status}}\" > {ShellWords.Quote(layout.Tasks + "/")}\"{TaskId}.exit\"\n");
        sb.Append("exit \"${status}\"\n");
        return sb.ToString();
    }

    /// <summary>A single-task job (a step of a round): resources, log, command; no array.</summary>
    public static string RenderSingle(string name, IReadOnlyList<string> launcher, IReadOnlyList<string> command, string workingDirectory,
        JobResources resources, string logPath, IReadOnlyList<string> setup)
    {
        var sb = new StringBuilder();
        sb.Append("#!/bin/bash\n");
        sb.Append(CultureInfo.InvariantCulture, $"# MotorPick step '{name}', written by 'motorpick round run --executor slurm'.\n");
        Directive(sb, "job-name", name);
        Directive(sb, "ntasks", "1");
        Resources(sb, resources with { ArrayParallel = null });
        Directive(sb, "chdir", workingDirectory);
        Directive(sb, "output", logPath);
        sb.Append("set -uo pipefail\n\n");
        foreach (var line in setup) sb.Append(line).Append('\n');
        sb.Append(string.Join(' ', launcher.Concat(command).Select(ShellWords.Quote))).Append('\n');
        return sb.ToString();
    }

    private static void Resources(StringBuilder sb, JobResources r)
    {
        if (r.Partition is { } p) Directive(sb, "partition", p);
        if (r.Account is { } a) Directive(sb, "account", a);
        if (r.GpusPerTask is { } g) Directive(sb, "gpus-per-task", g.ToString(CultureInfo.InvariantCulture));
        if (r.CpusPerTask is { } c) Directive(sb, "cpus-per-task", c.ToString(CultureInfo.InvariantCulture));
        if (r.Memory is { } m) Directive(sb, "mem", m);
        if (r.Time is { } t) Directive(sb, "time", t);
    }

    // #SBATCH lines are read by sbatch, not the shell: no quoting, so values must not contain spaces or newlines.
    private static void Directive(StringBuilder sb, string name, string value)
    {
        if (value.Any(ch => char.IsWhiteSpace(ch)))
            throw new MotorPick.Core.MotorPickException($"'{value}' cannot go into an #SBATCH line (no spaces)", field: "--" + name);
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --{name}={value}\n");
    }
}
