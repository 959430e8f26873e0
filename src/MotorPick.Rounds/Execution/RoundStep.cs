using MotorPick.Rounds.Invocations;

namespace MotorPick.Rounds.Execution;

/// <summary>
/// One step of a round: a <c>motorpick</c> command line, the steps it waits for, and the files it produces. Steps are
/// command lines so that the same plan runs in-process or as scheduler jobs (each step a job running the CLI).
/// </summary>
public sealed record RoundStep(string Name, IReadOnlyList<string> Args, IReadOnlyList<string> DependsOn, IReadOnlyList<string> Outputs)
{
    /// <summary>A step running a typed command (its arguments are the command's).</summary>
    public RoundStep(string name, IInvocation command, IReadOnlyList<string> dependsOn, IReadOnlyList<string> outputs)
        : this(name, command.ToArgs(), dependsOn, outputs) => Command = command;

    /// <summary>The typed command the arguments came from (null for a step built from raw arguments).</summary>
    public IInvocation? Command { get; }

    /// <summary>The command as a person would type it (arguments with spaces quoted).</summary>
    public string CommandLine => "motorpick " + string.Join(' ', Args.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"\"{a}\"" : a));

    /// <summary>Training or prediction: a scheduler gives it the accelerator (GPU); the light steps run without one.</summary>
    public bool Heavy { get; init; }
}

/// <summary>What happened to a step.</summary>
public enum StepState
{
    Skipped,
    Started,
    Succeeded,
    Failed,

    /// <summary>Handed to a scheduler (as a job waiting for the jobs of its dependencies); it runs later.</summary>
    Submitted,
}

/// <summary>A step's progress event.</summary>
public sealed record StepEvent(RoundStep Step, StepState State, TimeSpan Elapsed, int Index, int Count);
