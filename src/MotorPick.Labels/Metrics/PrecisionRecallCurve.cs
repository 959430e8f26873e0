namespace MotorPick.Labels.Metrics;

/// <summary>
/// scikit-learn's <c>precision_recall_curve</c> (1.2, no intermediate-point dropping): one point per distinct score,
/// recall decreasing, then the final (precision 1, recall 0) point. <c>Thresholds</c> are ascending.
/// </summary>
public sealed record PrecisionRecallCurve(double[] Precision, double[] Recall, double[] Thresholds)
{
    public static PrecisionRecallCurve Compute(IReadOnlyList<bool> yTrue, IReadOnlyList<double> scores)
    {
        var n = yTrue.Count;
        if (n == 0) return new PrecisionRecallCurve([1.0], [0.0], []);
        // Descending by score; sklearn uses a stable mergesort on the ascending order, then reverses it.
        var ascending = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
        Array.Reverse(ascending);
        var tpsList = new List<double>();
        var fpsList = new List<double>();
        var thr = new List<double>();
        double tps = 0;
        for (var k = 0; k < n; k++)
        {
            var i = ascending[k];
            if (yTrue[i]) tps++;
            var last = k == n - 1 || scores[ascending[k + 1]] != scores[i];
            if (!last) continue;
            tpsList.Add(tps);
            fpsList.Add(k + 1 - tps);
            thr.Add(scores[i]);
        }
        var m = tpsList.Count;
        var totalPos = tpsList[^1];
        var precision = new double[m + 1];
        var recall = new double[m + 1];
        var thresholds = new double[m];
        for (var j = 0; j < m; j++)
        {
            var src = m - 1 - j; // reversed so that recall decreases
            var ps = tpsList[src] + fpsList[src];
            precision[j] = ps == 0 ? 0 : tpsList[src] / ps;
            recall[j] = totalPos == 0 ? 1.0 : tpsList[src] / totalPos;
            thresholds[j] = thr[src];
        }
        precision[m] = 1.0;
        recall[m] = 0.0;
        return new PrecisionRecallCurve(precision, recall, thresholds);
    }

    /// <summary>The curve without its first point (used to drop the artificial -1 score of far positives).</summary>
    public PrecisionRecallCurve DropFirst() => new(Precision[1..], Recall[1..], Thresholds[1..]);

    /// <summary>
    /// Area under the curve for recall at or above <paramref name="recallCutoff"/> (trapezoids over recall, the segment
    /// crossing the cutoff interpolated linearly), divided by <c>1 - recallCutoff</c> when <paramref name="rescale"/>.
    /// With cutoff 0 and no rescale this is the reference's <c>AP = -trapz(P, R)</c>.
    /// </summary>
    public double PartialAveragePrecision(double recallCutoff, bool rescale)
    {
        double area = 0;
        for (var i = 0; i + 1 < Recall.Length; i++)
        {
            double r0 = Recall[i], r1 = Recall[i + 1], p0 = Precision[i], p1 = Precision[i + 1];
            if (r0 < recallCutoff) continue;
            if (r1 < recallCutoff)
            {
                // Cut the segment at the cutoff.
                var t = r0 == r1 ? 0 : (r0 - recallCutoff) / (r0 - r1);
                p1 = p0 + t * (p1 - p0);
                r1 = recallCutoff;
            }
            area += (r0 - r1) * (p0 + p1) / 2;
        }
        return rescale && recallCutoff < 1 ? area / (1 - recallCutoff) : area;
    }
}
