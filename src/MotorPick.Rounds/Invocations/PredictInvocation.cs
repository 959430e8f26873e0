namespace MotorPick.Rounds.Invocations;

/// <summary><c>motorpick predict</c>; a null option is left to the command's default.</summary>
public sealed record PredictInvocation(IReadOnlyList<string> Models, string Data, string Out) : IInvocation
{
    /// <summary>Heatmap-averaging weight per model, in the order of <see cref="Models"/>; null = 1 each.</summary>
    public IReadOnlyList<double>? Weights { get; init; }
    public string? Labels { get; init; }
    public bool OnlyLabelled { get; init; }

    /// <summary>TTA codes or named sets (<c>all</c>, <c>ref5</c>).</summary>
    public IReadOnlyList<string>? Tta { get; init; }
    public int? Stride { get; init; }
    public double? Conf { get; init; }
    public double? NmsA { get; init; }
    public int? MaxDets { get; init; }
    public string? Aggregate { get; init; }
    public string? Fp16Coords { get; init; }
    public string? SaveHeatmaps { get; init; }
    public string? Device { get; init; }

    /// <summary>Post-blur sigma as a fraction of the NMS distance (<c>--blur</c>).</summary>
    public double? BlurFraction { get; init; }

    /// <summary>Post-blur sigma in voxels at the model spacing (<c>--blur-sigma</c>).</summary>
    public double? BlurSigma { get; init; }

    /// <summary>Predict only these tomograms.</summary>
    public IReadOnlyList<string>? Ids { get; init; }

    public IReadOnlyList<string> Verb => ["predict"];

    public string[] ToArgs() => new ArgList(Verb).Each("--model", Models).Joined("--weights", Weights).Add("--data", Data).Opt("--labels", Labels)
        .Flag("--only-labelled", OnlyLabelled).Joined("--tta", Tta).Opt("--stride", Stride).Opt("--conf", Conf).Opt("--nms-a", NmsA)
        .Opt("--max-dets", MaxDets).Opt("--aggregate", Aggregate).Opt("--fp16-coords", Fp16Coords).Opt("--save-heatmaps", SaveHeatmaps)
        .Opt("--device", Device).Add("--out", Out).Opt("--blur", BlurFraction).Opt("--blur-sigma", BlurSigma).Joined("--ids", Ids).Build();
}
