namespace MotorPick.Rounds.Invocations;

/// <summary><c>motorpick train</c>; a null option is left to the command's default.</summary>
public sealed record TrainInvocation(string Labels, string Data, string Out) : IInvocation
{
    /// <summary>Continue the run in <see cref="Out"/> from its last checkpoint (a round's rerun).</summary>
    public bool Resume { get; init; }

    /// <summary>Further data roots after <see cref="Data"/> (<c>--data train --data external/tomogram</c>: the reference's all_gt).</summary>
    public IReadOnlyList<string> MoreData { get; init; } = [];
    public string? Preset { get; init; }
    public int? Steps { get; init; }
    public double? Spacing { get; init; }
    public IReadOnlyList<int>? Patch { get; init; }
    public int? Stride { get; init; }
    public string? Device { get; init; }
    public int? Seed { get; init; }

    /// <summary>Train on the train ids of fold <see cref="Fold"/> of this split; without it, on every labelled tomogram.</summary>
    public string? Split { get; init; }
    public int? Fold { get; init; }
    public int? Warmup { get; init; }
    public int? BatchSize { get; init; }
    public int? GradAccum { get; init; }
    public double? Lr { get; init; }
    public int? MaxVal { get; init; }
    public string? Config { get; init; }

    public IReadOnlyList<string> Verb => ["train"];

    public string[] ToArgs()
    {
        var a = new ArgList(Verb).Add("--labels", Labels).Add("--data", Data).Each("--data", MoreData).Add("--out", Out).Flag("--resume", Resume)
            .Opt("--preset", Preset).Opt("--steps", Steps).Opt("--spacing", Spacing).Joined("--patch", Patch).Opt("--stride", Stride)
            .Opt("--device", Device).Opt("--seed", Seed);
        if (Split is not null && Fold is not null) a.Add("--split", Split).Opt("--fold", Fold);
        else a.Flag("--train-on-all", true);
        return a.Opt("--warmup", Warmup).Opt("--batch-size", BatchSize).Opt("--grad-accum", GradAccum).Opt("--lr", Lr)
            .Opt("--max-val", MaxVal).Opt("--config", Config).Build();
    }
}
