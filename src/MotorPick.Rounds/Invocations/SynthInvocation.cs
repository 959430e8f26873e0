namespace MotorPick.Rounds.Invocations;

/// <summary><c>motorpick synth</c>: synthetic tomograms in the competition layout.</summary>
public sealed record SynthInvocation(string Out, string Preset, int Count, ulong Seed) : IInvocation
{
    /// <summary>Fraction of the motors left out of train_labels.csv; null = the command's default.</summary>
    public double? LabelDrop { get; init; }

    /// <summary>Error of the kept labels in Å per axis; null = the command's default.</summary>
    public double? LabelJitterA { get; init; }

    public IReadOnlyList<string> Verb => ["synth"];

    public string[] ToArgs() => new ArgList(Verb).Add("--out", Out).Add("--preset", Preset).Opt("--count", Count).Opt("--seed", Seed)
        .Opt("--label-drop", LabelDrop).Opt("--label-jitter-a", LabelJitterA).Build();
}
