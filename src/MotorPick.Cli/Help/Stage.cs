namespace MotorPick.Cli.Help;

/// <summary>The pipeline stages that group the verbs on the first screen, in the order shown.</summary>
public enum Stage
{
    Setup, Data, Volumes, Labels, Model, Inference, Curation, Rounds, ScaleOut,
}

public static class StageNames
{
    /// <summary>The heading of a stage's group on the first screen.</summary>
    public static string Heading(this Stage stage) => stage switch
    {
        Stage.ScaleOut => "scale-out",
        _ => stage.ToString().ToLowerInvariant(),
    };
}
