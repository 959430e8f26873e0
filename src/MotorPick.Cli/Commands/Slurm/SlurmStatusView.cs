using MotorPick.Scheduling.Slurm;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Slurm;

/// <summary>Prints a run's status: counts per state, the tasks that need attention, failed tasks' log tails, and the resubmit command.</summary>
internal static class SlurmStatusView
{
    private const int MaxRows = 50;

    public static void Write(CliContext ctx, RunStatus status, bool all, int tailLines)
    {
        var counts = Enum.GetValues<TaskState>().Where(s => status.Count(s) > 0).Select(s => $"{status.Count(s)} {s.ToString().ToLowerInvariant()}");
        ctx.Console.MarkupLine($"[bold]{Markup.Escape(status.Record.Name)}[/] ({status.Record.Tasks} tasks, jobs {Markup.Escape(string.Join(", ", status.Record.Submissions.Select(s => s.JobId)))}): {string.Join(", ", counts)}");
        var shown = all ? status.Tasks : status.Tasks.Where(t => t.State != TaskState.Completed).ToList();
        if (shown.Count > 0)
        {
            var table = new Table().AddColumns("task", "slurm id", "state", "detail", "log");
            foreach (var t in shown.Take(all ? int.MaxValue : MaxRows))
                table.AddRow(t.Task.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(t.SlurmId), Colour(t.State),
                    Markup.Escape(t.Detail), Markup.Escape(t.Log));
            ctx.Console.Write(table);
            if (!all && shown.Count > MaxRows) ctx.Console.MarkupLine($"[grey]... {shown.Count - MaxRows} more; --all lists every task[/]");
        }
        foreach (var t in status.Failed.Take(5))
        {
            ctx.Console.MarkupLine($"[red]task {t.Task}[/] ({Markup.Escape(t.SlurmId)}, {Markup.Escape(t.Detail)}), last lines of its log:");
            ctx.Console.WriteLine(Tail(t.Log, tailLines));
        }
        if (status.Failed.Count > 0)
            ctx.Console.MarkupLine($"Resubmit the {status.Failed.Count} failed task(s): [bold]motorpick slurm resubmit {Markup.Escape(Scheduling.ShellWords.Quote(status.Layout.Root))} --failed[/]");
    }

    /// <summary>The status for scripts: counts per state and every task.</summary>
    public static object Json(RunStatus status) => new
    {
        name = status.Record.Name,
        run_dir = status.Layout.Root,
        jobs = status.Record.Submissions.Select(s => s.JobId),
        counts = Enum.GetValues<TaskState>().Where(s => status.Count(s) > 0).ToDictionary(s => s.ToString().ToLowerInvariant(), status.Count),
        all_completed = status.AllCompleted,
        tasks = status.Tasks.Select(t => new
        {
            task = t.Task, slurm_id = t.SlurmId, state = t.State.ToString().ToLowerInvariant(), detail = t.Detail, exit_code = t.ExitCode, log = t.Log,
        }),
    };

    private static string Colour(TaskState s) => s switch
    {
        TaskState.Completed => "[green]completed[/]",
        TaskState.Running => "[blue]running[/]",
        TaskState.Pending => "[grey]pending[/]",
        _ => $"[red]{s.ToString().ToLowerInvariant()}[/]",
    };

    private static string Tail(string path, int lines)
    {
        if (!File.Exists(path)) return $"  (no log at {path})";
        var all = File.ReadAllLines(path);
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)).Select(l => "  | " + l));
    }
}
