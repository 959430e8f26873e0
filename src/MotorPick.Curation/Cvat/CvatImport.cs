using System.Globalization;
using MotorPick.Curation.Review;

namespace MotorPick.Curation.Cvat;

/// <summary>
/// Turns CVAT tags into review decisions. Images are matched to review items through <c>review.json</c> (by name,
/// then file name, then name without extension, as CVAT matches frames), so run names containing '-' work.
/// Unknown images, labels that are not a tag of the item (not 0..K), and contradictory tags are reported as problems
/// and the item is left undecided.
/// </summary>
public static class CvatImport
{
    public static DecisionSet ToDecisions(ReviewSet review, IReadOnlyList<CvatImageTags> images)
    {
        var decisions = new Dictionary<int, ReviewDecision>();
        var problems = new List<DecisionProblem>();
        foreach (var image in images)
        {
            var item = review.FindByImage(image.Name);
            if (item is null)
            {
                problems.Add(new DecisionProblem(image.Name, "no review item has this image (was it exported from another review?)"));
                continue;
            }
            var tags = new List<int>();
            var bad = false;
            foreach (var label in image.Labels)
            {
                if (!int.TryParse(label, NumberStyles.None, CultureInfo.InvariantCulture, out var t) || !TagEdit.Exists(item, t))
                {
                    problems.Add(new DecisionProblem(image.Name, $"unknown label '{label}': tags of this item are 0..{item.Candidates.Count}"));
                    bad = true;
                    continue;
                }
                if (!tags.Contains(t)) tags.Add(t);
            }
            if (TagEdit.Contradicts(item, tags))
            {
                problems.Add(new DecisionProblem(image.Name, "tag 0 (the label 'no motor' is right) together with candidate tags contradicts itself"));
                bad = true;
            }
            if (decisions.TryGetValue(item.Index, out var earlier) && !earlier.Tags.SequenceEqual(tags))
            {
                problems.Add(new DecisionProblem(image.Name, $"tagged twice with different tags ({string.Join(",", earlier.Tags)} and {string.Join(",", tags)})"));
                bad = true;
            }
            if (bad)
            {
                decisions.Remove(item.Index);
                continue;
            }
            decisions[item.Index] = new ReviewDecision(item.Index, item.TomoId, item.Judge, tags);
        }
        return new DecisionSet("cvat", decisions.Values.OrderBy(d => d.ItemIndex).ToArray(), problems);
    }
}
