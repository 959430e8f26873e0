using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Curation.Review;

/// <summary>
/// A reviewer that answers from the synthetic truth, for the demo and for tests of the loop: it accepts a candidate
/// that lies within the radius of a true motor not already labelled, and keeps the labels when they are all true.
/// With <c>errorRate</c> &gt; 0 the answer to an item (one review image) is wrong with that probability: one of its
/// choices (keep the labels, or one candidate) is flipped. Deterministic per seed and item.
/// </summary>
public static class SimulatedReviewer
{
    public static DecisionSet Review(ReviewSet review, GtTable truth, double errorRate = 0.0, ulong seed = 0, double radiusA = Labels.Metrics.KaggleScore.RadiusA)
    {
        var decisions = new List<ReviewDecision>();
        foreach (var item in review.Items)
        {
            var trueMotors = truth.TryGet(item.TomoId, out var t) ? t.Motors : [];
            var radius = radiusA / item.VoxelSpacing;
            bool IsTrue(Point3 p) => trueMotors.Any(m => m.DistanceTo(p) <= radius);
            // Each true motor that no label covers yet can be claimed once, by its nearest candidate within the radius.
            var claimed = new HashSet<int>();
            for (var m = 0; m < trueMotors.Count; m++)
                if (item.Labels.Any(l => l.DistanceTo(trueMotors[m]) <= radius)) claimed.Add(m);
            var accept = new bool[item.Candidates.Count];
            for (var k = 0; k < item.Candidates.Count; k++)
            {
                var p = item.Candidates[k].Point;
                var nearest = Enumerable.Range(0, trueMotors.Count).Where(m => !claimed.Contains(m) && trueMotors[m].DistanceTo(p) <= radius)
                    .OrderBy(m => trueMotors[m].DistanceTo(p)).DefaultIfEmpty(-1).First();
                if (nearest < 0) continue;
                accept[k] = true;
                claimed.Add(nearest);
            }
            // Tag 0: every labelled motor is real (asked only where there are labels).
            var keep = item.Labels.All(IsTrue);
            if (Coin(seed, item.Index, 0) < errorRate)
            {
                var choices = (item.Labels.Count > 0 ? 1 : 0) + accept.Length;
                if (choices > 0)
                {
                    var pick = (int)(Coin(seed, item.Index, 1) * choices);
                    if (item.Labels.Count > 0 && pick == 0) keep = !keep;
                    else { var k = pick - (item.Labels.Count > 0 ? 1 : 0); accept[k] = !accept[k]; }
                }
            }
            var accepted = Enumerable.Range(0, accept.Length).Where(k => accept[k]).Select(k => k + 1).ToList();
            // For a tomogram labelled "no motor", tag 0 means that no candidate is one.
            if (item.Labels.Count == 0) keep = accepted.Count == 0;
            List<int> tags = keep ? [0, .. accepted] : accepted;
            decisions.Add(new ReviewDecision(item.Index, item.TomoId, item.Judge, tags, "simulated"));
        }
        return new DecisionSet("simulated", decisions, []);
    }

    /// <summary>A deterministic uniform number in [0, 1) for (seed, item, draw).</summary>
    private static double Coin(ulong seed, int item, int draw)
    {
        var x = seed ^ ((ulong)(uint)item << 20) ^ (ulong)(uint)draw ^ 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }
}
