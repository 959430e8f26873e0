namespace MotorPick.Rounds.Invocations;

/// <summary><c>motorpick review mine</c>: judge candidates against the labels (the reference's judge with <c>top1</c>).</summary>
public sealed record ReviewMineInvocation(string Labels, string Candidates, double Threshold, string Match, string Out) : IInvocation
{
    public IReadOnlyList<string> Verb => ["review", "mine"];

    public string[] ToArgs() => new ArgList(Verb).Add("--labels", Labels).Add("--candidates", Candidates).Opt("--threshold", Threshold)
        .Add("--match", Match).Add("--out", Out).Build();
}

/// <summary><c>motorpick review render</c>: the review images.</summary>
public sealed record ReviewRenderInvocation(string Review, string Data, string? Heatmaps) : IInvocation
{
    public IReadOnlyList<string> Verb => ["review", "render"];

    public string[] ToArgs() => new ArgList(Verb).Add("--review", Review).Add("--data", Data).Opt("--heatmaps", Heatmaps).Build();
}

/// <summary><c>motorpick review export-cvat</c>: a CVAT tagging task of the review images.</summary>
public sealed record ReviewExportCvatInvocation(string Review, string Out, string Name) : IInvocation
{
    public IReadOnlyList<string> Verb => ["review", "export-cvat"];

    public string[] ToArgs() => new ArgList(Verb).Add("--review", Review).Add("--out", Out).Add("--name", Name).Build();
}

/// <summary><c>motorpick review simulate</c>: a reviewer that knows the synthetic truth (the demo's).</summary>
public sealed record ReviewSimulateInvocation(string Review, string Truth, double ErrorRate, ulong Seed) : IInvocation
{
    public IReadOnlyList<string> Verb => ["review", "simulate"];

    public string[] ToArgs() => new ArgList(Verb).Add("--review", Review).Add("--truth", Truth).Opt("--error-rate", ErrorRate).Opt("--seed", Seed).Build();
}
