using System.Globalization;
using System.Text.RegularExpressions;
using MotorPick.Core;

namespace MotorPick.Scheduling;

/// <summary>
/// What a cluster scheduler needs to run a motorpick command as an array job, independent of the scheduler: task
/// <c>i</c> runs <see cref="Command"/> with every <see cref="TaskPlaceholder"/> replaced by <c>i</c>. A Slurm script is
/// one rendering of it (<see cref="Slurm.SbatchScript"/>); an LSF or Kubernetes indexed job would be another.
/// </summary>
public sealed partial record ArrayJob
{
    /// <summary>Stands for the array task index in <see cref="Command"/>, as in <c>--shard %a/16</c> (Slurm's own spelling).</summary>
    public const string TaskPlaceholder = "%a";

    /// <summary>Job name shown by the scheduler.</summary>
    public required string Name { get; init; }

    /// <summary>The motorpick arguments (without the program), e.g. <c>predict ... --shard %a/16 --out cand.csv</c>.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>How to start motorpick on a compute node, e.g. <c>["/usr/bin/dotnet", "/opt/motorpick/motorpick.dll"]</c>.</summary>
    public required IReadOnlyList<string> Launcher { get; init; }

    /// <summary>Number of array tasks (0 .. Tasks-1).</summary>
    public required int Tasks { get; init; }

    /// <summary>Directory the command runs in (relative paths of the command are relative to it).</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>Resources of each task.</summary>
    public JobResources Resources { get; init; } = new();

    /// <summary>Shell lines run before the command on the node, e.g. <c>module load dotnet/10</c>.</summary>
    public IReadOnlyList<string> Setup { get; init; } = [];

    /// <summary>The command as a person would type it.</summary>
    public string CommandLine => "motorpick " + string.Join(' ', Command.Select(ShellWords.Quote));

    /// <summary>
    /// The number of tasks a command asks for through <c>--shard %a/N</c> (or <c>--shard=%a/N</c>): N, or null when the
    /// command has no such option.
    /// </summary>
    public static int? TasksFromShardOption(IReadOnlyList<string> command)
    {
        for (var i = 0; i < command.Count; i++)
        {
            var value = command[i] == "--shard" && i + 1 < command.Count ? command[i + 1]
                : command[i].StartsWith("--shard=", StringComparison.Ordinal) ? command[i]["--shard=".Length..] : null;
            if (value is null) continue;
            var m = ShardPattern().Match(value);
            if (!m.Success) throw new MotorPickException($"an array job's command needs --shard {TaskPlaceholder}/N, not --shard {value}", field: "--shard");
            return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>The command of task <paramref name="task"/> (placeholders replaced).</summary>
    public IReadOnlyList<string> CommandFor(int task) =>
        Command.Select(a => a.Replace(TaskPlaceholder, task.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToArray();

    [GeneratedRegex(@"^%a/([1-9][0-9]*)$")]
    private static partial Regex ShardPattern();
}

/// <summary>Resources of one task. Null means "the scheduler's default".</summary>
public sealed record JobResources
{
    public string? Partition { get; init; }
    public int? GpusPerTask { get; init; }
    public int? CpusPerTask { get; init; }

    /// <summary>Memory per node, in the scheduler's syntax (<c>32G</c>).</summary>
    public string? Memory { get; init; }

    /// <summary>Wall-time limit, in the scheduler's syntax (<c>02:00:00</c>, <c>1-00:00:00</c>).</summary>
    public string? Time { get; init; }

    /// <summary>At most this many tasks of the array at once.</summary>
    public int? ArrayParallel { get; init; }

    /// <summary>Account to charge.</summary>
    public string? Account { get; init; }
}
