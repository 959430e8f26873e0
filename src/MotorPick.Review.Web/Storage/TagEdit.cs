using MotorPick.Curation.Review;

namespace MotorPick.Review.Web.Storage;

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
/// "candidate 1 after all".
/// </summary>
public static class TagEdit
{
    /// <summary>The tags after <paramref name="action"/>; throws <see cref="ArgumentException"/> for a tag the item does not have.</summary>
    public static int[] Apply(ReviewItem item, IReadOnlyList<int> current, TagAction action, IReadOnlyList<int> tags)
    {
        foreach (var t in tags)
            if (t < 0 || t > item.Candidates.Count)
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
                if (negative && result.Contains(0) && result.Count > 1)
                    throw new ArgumentException($"item {item.Index} is labelled 'no motor': tag 0 (that label is right) cannot go with candidate tags");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
        return [.. result];
    }
}
