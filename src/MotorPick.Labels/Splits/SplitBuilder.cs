using MotorPick.Core;
using MotorPick.Labels.Tables;

namespace MotorPick.Labels.Splits;

/// <summary>
/// Builds cross-validation splits of a ground-truth table the way the reference did (cv_split.ipynb): tomo_ids
/// sorted ascending, stratified by <c>num_motors</c>, validation lists filtered to tomograms with at most
/// <c>maxValMotors</c> motors (the filtered ones train), train lists in ascending order.
/// </summary>
public static class SplitBuilder
{
    public static CvSplit StratifiedKFold(GtTable table, int folds, uint seed, int? maxValMotors)
    {
        var rows = table.Rows.OrderBy(r => r.TomoId, StringComparer.Ordinal).ToArray();
        var testFolds = Splits.StratifiedKFold.TestFolds(rows.Select(r => r.NumMotors).ToArray(), folds, seed);
        return Assemble(rows, testFolds, folds, maxValMotors, CvSplit.SklearnStratifiedKFold, seed, groupBy: null);
    }

    /// <summary>
    /// Stratified k-fold that keeps every group (e.g. a voxel spacing or a dataset) in one fold: groups are visited
    /// in a shuffled order, most class-skewed first, and each goes to the fold that keeps the per-class fractions
    /// most even (ties: the smaller fold). This is scikit-learn's StratifiedGroupKFold with its shuffle applied to
    /// the group order.
    /// </summary>
    public static CvSplit StratifiedGroupKFold(GtTable table, IReadOnlyDictionary<string, string> groupOf, string groupBy, int folds, uint seed, int? maxValMotors)
    {
        var rows = table.Rows.OrderBy(r => r.TomoId, StringComparer.Ordinal).ToArray();
        foreach (var r in rows)
            if (!groupOf.ContainsKey(r.TomoId)) throw new MotorPickException($"{r.TomoId} has no value for the group column '{groupBy}'", table.Source);
        var groups = rows.Select(r => groupOf[r.TomoId]).Distinct().Order(StringComparer.Ordinal).ToList();
        if (groups.Count < folds)
            throw new MotorPickException($"only {groups.Count} distinct value(s) of '{groupBy}' for {folds} folds; every fold needs at least one group");
        var classes = rows.Select(r => r.NumMotors).Distinct().Order().ToArray();
        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i);
        var groupIndex = groups.Select((g, i) => (g, i)).ToDictionary(t => t.g, t => t.i);
        var countsPerGroup = new double[groups.Count, classes.Length];
        var classTotals = new double[classes.Length];
        foreach (var r in rows)
        {
            countsPerGroup[groupIndex[groupOf[r.TomoId]], classIndex[r.NumMotors]]++;
            classTotals[classIndex[r.NumMotors]]++;
        }

        var order = Enumerable.Range(0, groups.Count).ToList();
        new NumpyRandomState(seed).Shuffle(order);
        // Stable sort by decreasing spread of the group's class counts.
        order = order.Select((g, pos) => (g, pos, std: Std(Row(countsPerGroup, g))))
            .OrderByDescending(t => t.std).ThenBy(t => t.pos).Select(t => t.g).ToList();

        var perFold = new double[folds, classes.Length];
        var foldOfGroup = new int[groups.Count];
        foreach (var g in order)
        {
            var best = -1;
            double bestEval = double.PositiveInfinity, bestSize = double.PositiveInfinity;
            for (var f = 0; f < folds; f++)
            {
                for (var c = 0; c < classes.Length; c++) perFold[f, c] += countsPerGroup[g, c];
                var eval = Enumerable.Range(0, classes.Length)
                    .Select(c => Std(Enumerable.Range(0, folds).Select(ff => perFold[ff, c] / classTotals[c]).ToArray())).Average();
                for (var c = 0; c < classes.Length; c++) perFold[f, c] -= countsPerGroup[g, c];
                var size = Enumerable.Range(0, classes.Length).Sum(c => perFold[f, c]);
                var close = Math.Abs(eval - bestEval) <= 1e-8 + 1e-5 * Math.Abs(bestEval);
                if (eval < bestEval && !close || close && size < bestSize)
                {
                    best = f;
                    bestEval = eval;
                    bestSize = size;
                }
            }
            for (var c = 0; c < classes.Length; c++) perFold[best, c] += countsPerGroup[g, c];
            foldOfGroup[g] = best;
        }
        var testFolds = rows.Select(r => foldOfGroup[groupIndex[groupOf[r.TomoId]]]).ToArray();
        return Assemble(rows, testFolds, folds, maxValMotors, CvSplit.StratifiedGroupKFold, seed, groupBy);
    }

    /// <summary>
    /// The reference's v3 rule: keep a fold's val tomograms that still have at most <paramref name="maxValMotors"/>
    /// motors under the new labels, and append the others to that fold's train list in order.
    /// </summary>
    public static CvSplit Refine(CvSplit split, GtTable labels, int maxValMotors)
    {
        var folds = split.Folds.Select((f, k) =>
        {
            int Motors(string id) => labels.TryGet(id, out var row) ? row.NumMotors
                : throw new MotorPickException($"{id} (val of fold {k}) is not in the label table", labels.Source);
            var keep = f.Val.Where(id => Motors(id) <= maxValMotors).ToArray();
            var moved = f.Val.Where(id => Motors(id) > maxValMotors);
            return new CvFold(f.Train.Concat(moved).ToArray(), keep);
        }).ToArray();
        return split with { Folds = folds };
    }

    private static CvSplit Assemble(GtRow[] rows, int[] testFolds, int folds, int? maxValMotors, string splitter, uint seed, string? groupBy)
    {
        var result = new CvFold[folds];
        for (var k = 0; k < folds; k++)
        {
            var val = new List<string>();
            var train = new List<string>();
            for (var i = 0; i < rows.Length; i++)
            {
                var inVal = testFolds[i] == k && (maxValMotors is null || rows[i].NumMotors <= maxValMotors);
                (inVal ? val : train).Add(rows[i].TomoId);
            }
            result[k] = new CvFold(train, val);
        }
        return new CvSplit(splitter, folds, seed, result, groupBy);
    }

    private static double[] Row(double[,] m, int r) => Enumerable.Range(0, m.GetLength(1)).Select(c => m[r, c]).ToArray();

    private static double Std(double[] v)
    {
        var mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }
}
