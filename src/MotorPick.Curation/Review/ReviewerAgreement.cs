namespace MotorPick.Curation.Review;

/// <summary>A reviewer's current tags on an item.</summary>
public sealed record CurrentDecision(int Item, string TomoId, string Reviewer, int[] Tags, DateTimeOffset Time);

/// <summary>An item tagged by two or more reviewers, with each one's tags.</summary>
public sealed record AgreementItem(int Item, string TomoId, Judgement Judge, IReadOnlyDictionary<string, int[]> Tags, bool Agree);

/// <summary>How often two reviewers gave the same tags on the items both decided.</summary>
public sealed record AgreementPair(string A, string B, int Both, int Agreed)
{
    public double Fraction => Both == 0 ? 0 : (double)Agreed / Both;
}

/// <summary>The agreement table: every item with several reviewers, and pairwise agreement.</summary>
public sealed record AgreementReport(IReadOnlyList<string> Reviewers, IReadOnlyList<AgreementItem> Items, IReadOnlyList<AgreementPair> Pairs);

/// <summary>
/// Several reviewers on one review: which decisions they agree on, and what becomes <c>decisions.json</c>. Two
/// reviewers agree on an item when their tag sets are equal; an item they disagree on is a problem and stays
/// undecided, as CVAT import treats an image tagged twice with different tags.
/// </summary>
public static class ReviewerAgreement
{
    /// <summary>
    /// The decisions as <c>decisions.json</c> holds them (what <c>labels patch</c> reads), from every reviewer's current
    /// tags (one reviewer's, or everyone's): agreed items become decisions naming their reviewers and latest time,
    /// disagreements become problems.
    /// </summary>
    public static DecisionSet Decisions(ReviewSet review, IEnumerable<CurrentDecision> current, string source)
    {
        var decisions = new List<ReviewDecision>();
        var problems = new List<DecisionProblem>();
        foreach (var group in current.GroupBy(d => d.Item).OrderBy(g => g.Key))
        {
            var item = review.Items[group.Key];
            var first = group.First();
            if (group.Any(d => !d.Tags.SequenceEqual(first.Tags)))
            {
                var who = string.Join("; ", group.Select(d => $"{d.Reviewer}: {string.Join(",", d.Tags)}"));
                problems.Add(new DecisionProblem(item.ImageName, $"reviewers disagree ({who}); settle it in the page or export one reviewer with --reviewer"));
                continue;
            }
            decisions.Add(new ReviewDecision(item.Index, item.TomoId, item.Judge, first.Tags,
                string.Join(",", group.Select(d => d.Reviewer).Order(StringComparer.Ordinal)), group.Max(d => d.Time)));
        }
        return new DecisionSet(source, decisions, problems);
    }

    /// <summary>The agreement table: items decided by two or more reviewers, and pairwise agreement over shared items.</summary>
    public static AgreementReport Report(ReviewSet review, IReadOnlyList<CurrentDecision> current)
    {
        var reviewers = current.Select(d => d.Reviewer).Distinct().Order(StringComparer.Ordinal).ToArray();
        var byItem = current.GroupBy(d => d.Item).ToDictionary(g => g.Key, g => g.ToDictionary(d => d.Reviewer, d => d.Tags, StringComparer.Ordinal));
        var items = byItem.Where(kv => kv.Value.Count >= 2).OrderBy(kv => kv.Key).Select(kv =>
        {
            var tags = kv.Value.Values.ToArray();
            var item = review.Items[kv.Key];
            return new AgreementItem(kv.Key, item.TomoId, item.Judge, kv.Value, tags.All(t => t.SequenceEqual(tags[0])));
        }).ToArray();
        var pairs = new List<AgreementPair>();
        for (var a = 0; a < reviewers.Length; a++)
            for (var b = a + 1; b < reviewers.Length; b++)
            {
                int both = 0, agreed = 0;
                foreach (var tags in byItem.Values)
                    if (tags.TryGetValue(reviewers[a], out var ta) && tags.TryGetValue(reviewers[b], out var tb))
                    {
                        both++;
                        if (ta.SequenceEqual(tb)) agreed++;
                    }
                if (both > 0) pairs.Add(new AgreementPair(reviewers[a], reviewers[b], both, agreed));
            }
        return new AgreementReport(reviewers, items, pairs);
    }
}
