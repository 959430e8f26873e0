namespace MotorPick.Curation.Review;

/// <summary>
/// A reviewer's answer to one item, in the reference's tag language: tag 0 = the labels are right, tag k = candidate k
/// is a real motor; no tag = not decided (the tomogram stays as it is).
/// </summary>
public sealed record ReviewDecision(int ItemIndex, string TomoId, Judgement Judge, IReadOnlyList<int> Tags, string? Reviewer = null, DateTimeOffset? Time = null)
{
    /// <summary>True when the reviewer tagged the item at all.</summary>
    public bool Decided => Tags.Count > 0;

    /// <summary>Labels kept (tag 0), rejected (tags without 0), or undecided (null).</summary>
    public bool? KeepLabels => Decided ? Tags.Contains(0) : null;

    /// <summary>The accepted candidates, 1-based as in the tags, in tag order.</summary>
    public IReadOnlyList<int> AcceptedCandidates => Tags.Where(t => t > 0).ToArray();
}

/// <summary>A problem met while reading decisions (unknown image, unknown label, conflicting tags).</summary>
public sealed record DecisionProblem(string Image, string Message);

/// <summary>The contents of <c>decisions.json</c>.</summary>
public sealed record DecisionSet(string Source, IReadOnlyList<ReviewDecision> Decisions, IReadOnlyList<DecisionProblem> Problems)
{
    public const int FormatVersion = 1;
}
