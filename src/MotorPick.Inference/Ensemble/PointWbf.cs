using MotorPick.Core;

namespace MotorPick.Inference.Ensemble;

/// <summary>A scored 3D point (z, y, x in voxels).</summary>
public readonly record struct ScoredPoint(double Z, double Y, double X, double Score);

/// <summary>How a fused cluster's confidence is formed.</summary>
public enum WbfConfType
{
    /// <summary>Mean of the weighted scores, then rescaled by <c>min(W, n) / W</c> (the reference).</summary>
    Avg,

    /// <summary>Maximum weighted score, then rescaled by <c>min(W, n) / W</c>.</summary>
    Max,

    /// <summary>ZFTurbo's <c>box_and_model_avg</c> (not in the reference's wbf.py): mean weighted score over the summed
    /// weights of the cluster's points, times the summed weights of the distinct models in the cluster over W.</summary>
    BoxAndModelAvg,
}

/// <summary>WBF settings; defaults are the reference's postprocess.py call (5.9) apart from the distance, which depends on the spacing.</summary>
public sealed record WbfOptions
{
    /// <summary>Clustering distance in voxels: a point joins the nearest cluster closer than this (strictly).</summary>
    public double DistThr { get; init; }

    /// <summary>Points with a raw score below this are dropped first (<c>WBF_CONF_THRES</c> = 0.2).</summary>
    public double SkipThr { get; init; } = 0.2;

    public WbfConfType ConfType { get; init; } = WbfConfType.Avg;

    /// <summary>When false (the reference), <c>conf * min(W, n) / W</c>; when true, <c>conf * n / W</c>.</summary>
    public bool AllowsOverflow { get; init; }

    /// <summary>Exponent of the cluster size in the rescale ("poly" mode, 1 in the reference).</summary>
    public double RescalePoly { get; init; } = 1.0;
}

/// <summary>
/// The reference's 3D point weighted-boxes fusion (<c>byu/utils/wbf.py: weighted_boxes_fusion_3d</c>, docs/reference.md 5.9),
/// reproduced with numpy's number formats: fused points and confidences live in float32 once a cluster has more than
/// one point, sorting is numpy's small-array argsort reversed (equal scores: the later point first).
/// </summary>
public static class PointWbf
{
    private sealed class Row(int model, double score, double z, double y, double x)
    {
        public int Model { get; } = model;
        public double Score { get; } = score;
        public double Z { get; } = z;
        public double Y { get; } = y;
        public double X { get; } = x;
    }

    /// <summary>Fuses the points of several models (one list per model) with per-model weights; result sorted by confidence, descending.</summary>
    public static IReadOnlyList<ScoredPoint> Fuse(IReadOnlyList<IReadOnlyList<ScoredPoint>> perModel, IReadOnlyList<double>? weights, WbfOptions options)
    {
        var w = weights?.ToArray() ?? Enumerable.Repeat(1.0, perModel.Count).ToArray();
        if (w.Length != perModel.Count) throw new MotorPickException($"{w.Length} weights for {perModel.Count} models", field: "weights");
        var wSum = w.Sum();

        var rows = new List<Row>();
        for (var t = 0; t < perModel.Count; t++)
            foreach (var p in perModel[t])
            {
                if (p.Score < options.SkipThr) continue;
                rows.Add(new Row(t, p.Score * w[t], p.Z, p.Y, p.X));
            }
        if (rows.Count == 0) return [];
        rows = DescendingNumpy(rows, r => r.Score);

        var clusters = new List<List<Row>>();
        var fused = new List<Row>();
        foreach (var row in rows)
        {
            var best = -1;
            var bestDist = options.DistThr;
            for (var i = 0; i < fused.Count; i++)
            {
                var f = fused[i];
                double dz = f.Z - row.Z, dy = f.Y - row.Y, dx = f.X - row.X;
                var dist = Math.Sqrt(dz * dz + dy * dy + dx * dx);
                if (dist < bestDist) { best = i; bestDist = dist; }
            }
            if (best >= 0)
            {
                clusters[best].Add(row);
                fused[best] = Weighted(clusters[best], options.ConfType);
            }
            else
            {
                clusters.Add([row]);
                fused.Add(row);
            }
        }

        var result = new List<Row>(fused.Count);
        for (var i = 0; i < fused.Count; i++)
        {
            var f = fused[i];
            var n = clusters[i].Count;
            var isFloat32 = n > 1;
            double conf;
            if (options.ConfType == WbfConfType.BoxAndModelAvg)
            {
                // ZFTurbo: conf * n / sum(point weights), then * sum(weights of distinct models) / W.
                var pointWeights = clusters[i].Sum(r => w[r.Model]);
                var modelWeights = clusters[i].Select(r => r.Model).Distinct().Sum(m => w[m]);
                conf = f.Score * n / pointWeights * modelWeights / wSum;
            }
            else
            {
                var factor = Math.Pow(n, options.RescalePoly);
                conf = options.AllowsOverflow ? f.Score * factor / wSum : f.Score * Math.Min(wSum, factor) / wSum;
            }
            if (isFloat32) conf = (float)conf;
            result.Add(new Row(f.Model, conf, f.Z, f.Y, f.X));
        }
        return DescendingNumpy(result, r => r.Score).Select(r => new ScoredPoint(r.Z, r.Y, r.X, r.Score)).ToArray();
    }

    /// <summary><c>get_weighted_box</c>: a float32 box accumulated from float64 rows.</summary>
    private static Row Weighted(List<Row> rows, WbfConfType type)
    {
        float z = 0, y = 0, x = 0;
        double conf = 0, max = double.MinValue;
        foreach (var r in rows)
        {
            z = (float)(z + r.Score * r.Z);
            y = (float)(y + r.Score * r.Y);
            x = (float)(x + r.Score * r.X);
            conf += r.Score;
            max = Math.Max(max, r.Score);
        }
        var score = type == WbfConfType.Max ? (float)max : (float)(conf / rows.Count);
        return new Row(rows[0].Model, score, (float)(z / conf), (float)(y / conf), (float)(x / conf));
    }

    /// <summary><c>a[a[:, key].argsort()[::-1]]</c> for the small arrays of one tomogram: stable ascending, reversed.</summary>
    private static List<Row> DescendingNumpy(List<Row> rows, Func<Row, double> key)
    {
        var ascending = rows.Select((r, i) => (r, i)).OrderBy(t => key(t.r)).ThenBy(t => t.i).Select(t => t.r).ToList();
        ascending.Reverse();
        return ascending;
    }
}
