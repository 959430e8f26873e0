using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;

namespace MotorPick.Curation.Review;

/// <summary>
/// Compares candidates with labels and lists the disagreements to review (docs/reference.md 6.1). Only tomograms present
/// in the candidates file (a -1 row counts) are judged; the image index is the tomogram's position among them, in
/// label-table order, as the reference's <c>tomo_idx</c> is.
/// </summary>
public static class Judge
{
    public static (JudgeCounts Counts, IReadOnlyList<ReviewItem> Items, IReadOnlyList<ReviewMatch> Matches) Mine(
        GtTable labels, IReadOnlyList<Prediction> candidates, double threshold, MatchMode mode, double radiusA = KaggleScore.RadiusA)
    {
        var predicted = candidates.Select(c => c.TomoId).ToHashSet(StringComparer.Ordinal);
        var unknown = predicted.FirstOrDefault(id => !labels.TryGet(id, out _));
        if (unknown is not null) throw new Core.MotorPickException($"the candidates name {unknown}, which is not in the labels", labels.Source);
        var byTomo = candidates.Where(c => c.HasMotor && (c.Conf ?? 1.0) > 0)
            .Select((p, i) => (p, i))
            .GroupBy(t => t.p.TomoId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.p.Conf ?? 1.0).ThenBy(t => t.i)
                .Select(t => new ReviewCandidate(t.p.Point, t.p.Conf ?? 1.0)).ToArray(), StringComparer.Ordinal);

        int tp = 0, fp = 0, fn = 0, tn = 0;
        var items = new List<ReviewItem>();
        var matches = new List<ReviewMatch>();
        var tomoIndex = -1;
        foreach (var row in labels.Rows)
        {
            if (!predicted.Contains(row.TomoId)) continue;
            tomoIndex++;
            var cands = byTomo.GetValueOrDefault(row.TomoId) ?? [];
            var radius = radiusA / row.VoxelSpacing;
            void Add(Judgement judge) => items.Add(new ReviewItem(items.Count, judge, row.TomoId, row.Shape, row.VoxelSpacing, row.Motors, cands,
                ReviewItem.ImageNameFor(judge, tomoIndex, row.TomoId, row.Shape, row.VoxelSpacing)));

            if (mode == MatchMode.Top1)
            {
                var j = Top1(row, cands, threshold, radius);
                switch (j)
                {
                    case Judgement.TP:
                        tp++;
                        matches.Add(new ReviewMatch(row.TomoId, 0, row.FirstMotor, cands[0], row.FirstMotor.DistanceTo(cands[0].Point)));
                        break;
                    case Judgement.TN: tn++; break;
                    case Judgement.FP: fp++; Add(j); break;
                    default: fn++; Add(j); break;
                }
                continue;
            }

            // Multi-motor: match confident candidates to labels and review what is left on either side.
            var confident = cands.Where(c => c.Conf >= threshold).ToArray();
            var m = MotorMatcher.Match(row.TomoId, row.Motors, confident.Select(c => new Prediction(row.TomoId, c.Point, c.Conf)).ToArray(), radius);
            foreach (var mm in m.Matches)
                matches.Add(new ReviewMatch(row.TomoId, mm.LabelIndex, row.Motors[mm.LabelIndex], confident[mm.PredictionIndex], mm.Distance));
            tp += m.Matches.Count;
            fn += m.UnmatchedLabels.Count;
            fp += m.UnmatchedPredictions.Count;
            if (row.NumMotors == 0 && m.UnmatchedPredictions.Count == 0) tn++;
            if (m.UnmatchedLabels.Count > 0) Add(Judgement.FN);
            if (m.UnmatchedPredictions.Count > 0) Add(Judgement.FP);
        }
        return (new JudgeCounts(tp, fp, fn, tn), items, matches);
    }

    /// <summary>The reference's per-tomogram rule: positive iff the top-1 conf reaches the threshold; TP iff within the radius of the first motor.</summary>
    public static Judgement Top1(GtRow row, IReadOnlyList<ReviewCandidate> candidatesByConf, double threshold, double radiusVoxels)
    {
        var positive = candidatesByConf.Count > 0 && candidatesByConf[0].Conf >= threshold;
        var labelled = row.NumMotors > 0;
        if (!positive) return labelled ? Judgement.FN : Judgement.TN;
        if (!labelled) return Judgement.FP;
        return row.FirstMotor.DistanceTo(candidatesByConf[0].Point) <= radiusVoxels ? Judgement.TP : Judgement.FN;
    }
}
