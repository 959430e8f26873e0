using MotorPick.Curation.Patching;

namespace MotorPick.Rounds.Invocations;

/// <summary><c>motorpick labels gt</c>: a per-motor table to the per-tomogram gt table.</summary>
public sealed record LabelsGtInvocation(string Labels, string Out) : IInvocation
{
    /// <summary>Layout of the table (<c>short</c>: the reference's external_gt.csv); null = the command's default.</summary>
    public string? Format { get; init; }

    public IReadOnlyList<string> Verb => ["labels", "gt"];

    public string[] ToArgs() => new ArgList(Verb).Add("--labels", Labels).Opt("--format", Format).Add("--out", Out).Build();
}

/// <summary><c>motorpick labels patch</c>: a review's decisions applied to the per-motor labels.</summary>
public sealed record LabelsPatchInvocation(string Labels, string Review, string Decisions, string Round, PatchSemantics Semantics, string Out) : IInvocation
{
    public IReadOnlyList<string> Verb => ["labels", "patch"];

    public string[] ToArgs() => new ArgList(Verb).Add("--labels", Labels).Add("--review", Review).Add("--decisions", Decisions)
        .Add("--round", Round).Add("--semantics", Semantics.ToString()).Add("--out", Out).Build();
}

/// <summary><c>motorpick split</c>: a stratified k-fold split.</summary>
public sealed record SplitInvocation(string Labels, int Folds, int Seed, int MaxValMotors, string Out) : IInvocation
{
    public IReadOnlyList<string> Verb => ["split"];

    public string[] ToArgs() => new ArgList(Verb).Add("--labels", Labels).Opt("--folds", Folds).Opt("--seed", Seed)
        .Opt("--max-val-motors", MaxValMotors).Add("--out", Out).Build();
}

/// <summary><c>motorpick split refine</c>: the v3 refinement of a split against new labels.</summary>
public sealed record SplitRefineInvocation(string Split, string Labels, int MaxValMotors, string Out) : IInvocation
{
    public IReadOnlyList<string> Verb => ["split", "refine"];

    public string[] ToArgs() => new ArgList(Verb).Add("--split", Split).Add("--labels", Labels).Opt("--max-val-motors", MaxValMotors).Add("--out", Out).Build();
}

/// <summary><c>motorpick merge candidates</c>: candidate files of the folds or shards in one table.</summary>
public sealed record MergeCandidatesInvocation(IReadOnlyList<string> Inputs, string Out) : IInvocation
{
    public IReadOnlyList<string> Verb => ["merge", "candidates"];

    public string[] ToArgs() => new ArgList(Verb).Values(Inputs).Add("--out", Out).Build();
}
