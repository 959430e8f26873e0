using MotorPick.Labels.Tables;

namespace MotorPick.Labels.Metrics;

/// <summary>A prediction matched to a labelled motor.</summary>
public sealed record MotorMatch(int LabelIndex, int PredictionIndex, double Distance);

/// <summary>The matching of one tomogram's predictions with its labels.</summary>
public sealed record TomoMatching(string TomoId, IReadOnlyList<MotorMatch> Matches, IReadOnlyList<int> UnmatchedLabels, IReadOnlyList<int> UnmatchedPredictions);

/// <summary>Counts over all motors of a table.</summary>
public sealed record MultiMotorScore(int Tp, int Fp, int Fn, double Precision, double Recall, double F2, IReadOnlyList<TomoMatching> PerTomo);

/// <summary>
/// Multi-motor matching for comparing predictions with labels: predictions are taken by decreasing confidence, and
/// each takes the nearest still-unmatched labelled motor within the radius (1000 Å by default). A labelled motor is
/// matched at most once; unmatched predictions are false positives, unmatched labels false negatives.
/// </summary>
public static class MotorMatcher
{
    public static TomoMatching Match(string tomoId, IReadOnlyList<Point3> labels, IReadOnlyList<Prediction> predictions, double radiusVoxels)
    {
        var order = Enumerable.Range(0, predictions.Count)
            .Where(i => predictions[i].HasMotor)
            .OrderByDescending(i => predictions[i].Conf ?? 1.0).ThenBy(i => i).ToArray();
        var taken = new bool[labels.Count];
        var matches = new List<MotorMatch>();
        var unmatchedPred = new List<int>();
        foreach (var i in order)
        {
            var best = -1;
            var bestD = double.PositiveInfinity;
            for (var j = 0; j < labels.Count; j++)
            {
                if (taken[j]) continue;
                var d = labels[j].DistanceTo(predictions[i].Point);
                if (d <= radiusVoxels && d < bestD) { best = j; bestD = d; }
            }
            if (best < 0) { unmatchedPred.Add(i); continue; }
            taken[best] = true;
            matches.Add(new MotorMatch(best, i, bestD));
        }
        var unmatchedLabels = Enumerable.Range(0, labels.Count).Where(j => !taken[j]).ToArray();
        return new TomoMatching(tomoId, matches, unmatchedLabels, unmatchedPred);
    }

    /// <summary>Matches every tomogram of <paramref name="labels"/>; predictions below <paramref name="minConf"/> are ignored.</summary>
    public static MultiMotorScore Score(GtTable labels, IReadOnlyList<Prediction> predictions, double minConf = 0.0, double radiusA = KaggleScore.RadiusA)
    {
        var byTomo = predictions.Where(p => p.HasMotor && (p.Conf ?? 1.0) >= minConf)
            .GroupBy(p => p.TomoId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<Prediction>)g.ToArray(), StringComparer.Ordinal);
        var unknown = byTomo.Keys.FirstOrDefault(id => !labels.TryGet(id, out _));
        if (unknown is not null) throw new Core.MotorPickException($"predictions name {unknown}, which is not in the labels", labels.Source);
        var per = labels.Rows.Select(r => Match(r.TomoId, r.Motors, byTomo.GetValueOrDefault(r.TomoId) ?? [], radiusA / r.VoxelSpacing)).ToArray();
        int tp = per.Sum(m => m.Matches.Count), fp = per.Sum(m => m.UnmatchedPredictions.Count), fn = per.Sum(m => m.UnmatchedLabels.Count);
        double p = tp + fp == 0 ? 0 : (double)tp / (tp + fp), r = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        return new MultiMotorScore(tp, fp, fn, p, r, KaggleScore.FBeta(p, r), per);
    }
}
