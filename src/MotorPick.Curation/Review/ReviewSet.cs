namespace MotorPick.Curation.Review;

/// <summary>How predictions are compared with labels when mining review items.</summary>
public enum MatchMode
{
    /// <summary>The reference's judge: the top-1 candidate against the first labelled motor.</summary>
    Top1,

    /// <summary>Multi-motor matching: every unmatched confident candidate is an FP item, every unmatched label an FN item.</summary>
    All,
}

/// <summary>Counts of the judge over all tomograms.</summary>
public sealed record JudgeCounts(int TP, int FP, int FN, int TN);

/// <summary>
/// The contents of <c>review.json</c>: what was compared (inputs and their SHA-256), how, the per-tomogram counts,
/// the items to review and the confirmed matches.
/// </summary>
public sealed record ReviewSet(
    string LabelsPath,
    string LabelsSha256,
    string CandidatesPath,
    string CandidatesSha256,
    double Threshold,
    MatchMode Match,
    double RadiusA,
    JudgeCounts Counts,
    IReadOnlyList<ReviewItem> Items,
    IReadOnlyList<ReviewMatch> Matches)
{
    public const int FormatVersion = 1;

    /// <summary>The item whose image has this name (CVAT matches by name first, then without extension).</summary>
    public ReviewItem? FindByImage(string name)
    {
        var n = name.Replace('\\', '/');
        return Items.FirstOrDefault(i => i.ImageName == n)
            ?? Items.FirstOrDefault(i => Path.GetFileName(i.ImageName) == Path.GetFileName(n))
            ?? Items.FirstOrDefault(i => Path.ChangeExtension(Path.GetFileName(i.ImageName), null) == Path.ChangeExtension(Path.GetFileName(n), null));
    }
}
