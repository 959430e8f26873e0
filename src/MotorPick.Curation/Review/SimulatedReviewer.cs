using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Curation.Review;

/// <summary>
/// A reviewer that answers from the synthetic truth, for the demo and for tests of the loop: it accepts a candidate
/// that lies within the radius of a true motor not already labelled, and keeps the labels when they are all true.
/// With <c>errorRate</c> &gt; 0 each answer is flipped with that probability (deterministic per seed and item).
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
            bool Labelled(Point3 p) => item.Labels.Any(l => l.DistanceTo(p) <= radius);
            var accepted = new List<int>();
            for (var k = 0; k < item.Candidates.Count; k++)
            {
                var p = item.Candidates[k].Point;
                var accept = IsTrue(p) && !Labelled(p) && !accepted.Any(a => item.Candidates[a - 1].Point.DistanceTo(p) <= radius);
                if (Flip(seed, item.Index, k + 1, errorRate)) accept = !accept;
                if (accept) accepted.Add(k + 1);
            }
            // Tag 0: every labelled motor is real; for a tomogram labelled "no motor", that no candidate is one.
            var keep = item.Labels.Count > 0 ? item.Labels.All(IsTrue) : accepted.Count == 0;
            if (item.Labels.Count > 0 && Flip(seed, item.Index, 0, errorRate)) keep = !keep;
            List<int> tags = keep ? [0, .. accepted] : accepted;
            decisions.Add(new ReviewDecision(item.Index, item.TomoId, item.Judge, tags, "simulated"));
        }
        return new DecisionSet("simulated", decisions, []);
    }

    /// <summary>A deterministic coin with probability <paramref name="p"/> for (seed, item, answer).</summary>
    private static bool Flip(ulong seed, int item, int answer, double p)
    {
        if (p <= 0) return false;
        var x = seed ^ ((ulong)(uint)item << 20) ^ (ulong)(uint)answer ^ 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53)) < p;
    }
}
