using System.CommandLine;

namespace MotorPick.Cli.Help;

/// <summary>The pipeline stages that group the verbs on the first screen, in the order shown.</summary>
public enum Stage
{
    Setup, Data, Volumes, Labels, Model, Inference, Curation, Rounds, ScaleOut,
}

/// <summary>One verb of <c>motorpick</c>: its stage, its one-line summary for the first screen, and how to build it.</summary>
public sealed record Verb(Stage Stage, string Summary, Func<CliContext, Command> Create);

public static class StageNames
{
    /// <summary>The heading of a stage's group on the first screen.</summary>
    public static string Heading(this Stage stage) => stage switch
    {
        Stage.ScaleOut => "scale-out",
        _ => stage.ToString().ToLowerInvariant(),
    };
}
