namespace MotorPick.Curation.Review;

/// <summary>What a reviewer asks for: add one tag, remove one, or replace the whole set.</summary>
public enum TagAction
{
    Add,
    Remove,
    Set,
}

/// <summary>
/// The tag rules of the reference (tag 0 = the labels are right, tag k = candidate k is a motor), applied to one
/// item. Tags are kept ascending. For an item labelled "no motor", tag 0 and candidate tags contradict each other
/// (CVAT import reports that combination as a problem), so adding one clears the other: pressing 0 then 1 means
/// "candidate 1 after all". The review server applies these rules, CVAT import checks its tags with them, and the
/// review page's app.js mirrors <see cref="Apply"/> for its optimistic display (a test runs both on the same cases).
/// </summary>
public static class TagEdit
{
    /// <summary>True when <paramref name="tag"/> is one of the item's tags: 0 (the labels) or a candidate 1..K.</summary>
    public static bool Exists(ReviewItem item, int tag) => tag >= 0 && tag <= item.Candidates.Count;

    /// <summary>True for tag 0 together with candidate tags on an item labelled "no motor": the tags contradict each other.</summary>
    public static bool Contradicts(ReviewItem item, IReadOnlyCollection<int> tags) =>
        item.Labels.Count == 0 && tags.Contains(0) && tags.Count > 1;

    /// <summary>The tags after <paramref name="action"/>; throws <see cref="ArgumentException"/> for a tag the item does not have.</summary>
    public static int[] Apply(ReviewItem item, IReadOnlyList<int> current, TagAction action, IReadOnlyList<int> tags)
    {
        foreach (var t in tags)
            if (!Exists(item, t))
                throw new ArgumentException($"tag {t} does not exist for item {item.Index}: its tags are 0..{item.Candidates.Count} (0 = the labels are right, k = candidate k is a motor)");
        var negative = item.Labels.Count == 0;
        var result = new SortedSet<int>(current);
        switch (action)
        {
            case TagAction.Add:
                foreach (var t in tags)
                {
                    if (negative && t == 0) result.Clear();
                    if (negative && t > 0) result.Remove(0);
                    result.Add(t);
                }
                break;
            case TagAction.Remove:
                foreach (var t in tags) result.Remove(t);
                break;
            case TagAction.Set:
                result = new SortedSet<int>(tags);
                if (Contradicts(item, result))
                    throw new ArgumentException($"item {item.Index} is labelled 'no motor': tag 0 (that label is right) cannot go with candidate tags");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
        return [.. result];
    }
}
