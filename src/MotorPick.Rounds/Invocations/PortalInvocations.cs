namespace MotorPick.Rounds.Invocations;

/// <summary>
/// <c>motorpick portal fetch</c> with the reference's flag names (<c>--output-dir</c>, <c>--tmp-download-dir</c>,
/// <c>--num-download-workers</c>, <c>--num-process-workers</c>); every run with a motor annotation.
/// </summary>
public sealed record PortalFetchInvocation(string Endpoint, string OutputDir) : IInvocation
{
    public string? TmpDownloadDir { get; init; }
    public int? DownloadWorkers { get; init; }
    public int? ProcessWorkers { get; init; }
    public int? Threads { get; init; }

    public IReadOnlyList<string> Verb => ["portal", "fetch"];

    public string[] ToArgs() => new ArgList(Verb).Flag("--motor-runs", true).Add("--endpoint", Endpoint).Add("--output-dir", OutputDir)
        .Opt("--tmp-download-dir", TmpDownloadDir).Opt("--num-download-workers", DownloadWorkers).Opt("--num-process-workers", ProcessWorkers)
        .Opt("--threads", Threads).Build();
}

/// <summary><c>motorpick labels convert-external</c>: brendanartley's labels to stored-tomogram voxels (external_labels_v1.csv).</summary>
public sealed record LabelsConvertExternalInvocation(string Labels, string Meta, string Out) : IInvocation
{
    public IReadOnlyList<string> Verb => ["labels", "convert-external"];

    public string[] ToArgs() => new ArgList(Verb).Add("--labels", Labels).Add("--meta", Meta).Add("--out", Out).Build();
}

/// <summary><c>motorpick labels concat</c>: gt tables joined in order (all_gt_v3 = gt_v3 + external_gt).</summary>
public sealed record LabelsConcatInvocation(IReadOnlyList<string> Tables, string Out) : IInvocation
{
    public IReadOnlyList<string> Verb => ["labels", "concat"];

    public string[] ToArgs() => new ArgList(Verb).Values(Tables).Add("--out", Out).Build();
}
