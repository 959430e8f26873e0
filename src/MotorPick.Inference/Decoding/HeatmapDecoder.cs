using MotorPick.Core;
using MotorPick.Formats.Geometry;

namespace MotorPick.Inference.Decoding;

/// <summary>A decoded heatmap peak: integer heatmap voxel and its probability.</summary>
public readonly record struct HeatmapPeak(int Z, int Y, int X, float Conf);

/// <summary>Decoder settings (docs/reference.md 5.7). The NMS radius is in heatmap voxels.</summary>
public sealed record DecodeOptions
{
    /// <summary>Minimum probability of a peak (<c>DECODE_CONF_THRES</c>, 0.02 in submit_3d.py).</summary>
    public double ConfThreshold { get; init; } = 0.02;

    /// <summary>Greedy NMS radius in heatmap voxels: a peak is kept when its distance to every kept peak is &gt;= radius (0: no NMS).</summary>
    public double NmsRadius { get; init; } = 7.8125;

    /// <summary>Compare with the threshold rounded to fp16, as torch does for an fp16 heatmap (matters for e.g. 0.03,
    /// whose nearest half is below it).</summary>
    public bool ThresholdInHalf { get; init; }

    /// <summary>Most peaks returned (1 takes the global argmax, as the reference does).</summary>
    public int MaxDets { get; init; } = 100;

    /// <summary>Radius in heatmap voxels of 1000 A (or <paramref name="nmsA"/> A) at <paramref name="targetSpacing"/> and <paramref name="stride"/>:
    /// <c>nmsA / target / stride</c>, 7.8125 for 1000 A at 16 A and stride 8.</summary>
    public static double RadiusVoxels(double nmsA, double targetSpacing, int stride) => nmsA / targetSpacing / stride;
}

/// <summary>
/// The reference's heatmap decoder (<c>decode_heatmap_3d</c> with pool 3, docs/reference.md 5.7): voxels equal to the maximum
/// of their 3x3x3 neighbourhood (padding never wins; every voxel of a plateau is kept) with probability
/// &gt;= the threshold (and non-zero) are candidates; they are sorted by probability, descending (ties: lower flat
/// index first), and greedy NMS keeps at most <see cref="DecodeOptions.MaxDets"/>.
/// </summary>
public static class HeatmapDecoder
{
    public static IReadOnlyList<HeatmapPeak> Decode(ReadOnlySpan<float> heat, VolumeShape shape, DecodeOptions options)
    {
        if (heat.Length != shape.VoxelCount) throw new ArgumentException($"heatmap of shape {shape} needs {shape.VoxelCount} values, got {heat.Length}");
        if (options.MaxDets < 1) throw new MotorPickException($"max detections must be at least 1, got {options.MaxDets}", field: "max_dets");
        var thr = options.ThresholdInHalf ? (double)(float)(Half)(float)options.ConfThreshold : options.ConfThreshold;
        if (options.MaxDets == 1) return ArgMax(heat, shape, thr);

        var rowMax = MaxAlong(heat, shape, 1, shape.X, shape.Z * shape.Y, i => i * shape.X);
        var planeMax = MaxAlong(rowMax, shape, shape.X, shape.Y, shape.Z * shape.X, i => (i / shape.X) * shape.Y * shape.X + i % shape.X);
        var cubeMax = MaxAlong(planeMax, shape, shape.Y * shape.X, shape.Z, shape.Y * shape.X, i => i);

        var candidates = new List<(int Index, float Conf)>();
        for (var i = 0; i < heat.Length; i++)
        {
            var v = heat[i];
            if (v == cubeMax[i] && v >= thr && v != 0f) candidates.Add((i, v));
        }
        // Stable: equal probabilities keep torch.nonzero's flat order.
        var ordered = candidates.OrderByDescending(c => c.Conf).ToList();

        var kept = new List<HeatmapPeak>();
        var r2 = options.NmsRadius * options.NmsRadius;
        foreach (var (index, conf) in ordered)
        {
            var p = Unravel(index, shape, conf);
            var keep = true;
            if (options.NmsRadius > 0)
                foreach (var k in kept)
                {
                    double dz = p.Z - k.Z, dy = p.Y - k.Y, dx = p.X - k.X;
                    if (dz * dz + dy * dy + dx * dx < r2) { keep = false; break; }
                }
            if (!keep) continue;
            kept.Add(p);
            if (kept.Count == options.MaxDets) break;
        }
        return kept;
    }

    private static IReadOnlyList<HeatmapPeak> ArgMax(ReadOnlySpan<float> heat, VolumeShape shape, double thr)
    {
        var best = 0;
        for (var i = 1; i < heat.Length; i++) if (heat[i] > heat[best]) best = i;
        return heat[best] >= thr ? [Unravel(best, shape, heat[best])] : [];
    }

    private static HeatmapPeak Unravel(int index, VolumeShape shape, float conf)
    {
        var x = index % shape.X;
        var rest = index / shape.X;
        return new HeatmapPeak(rest / shape.Y, rest % shape.Y, x, conf);
    }

    /// <summary>Running max over 3 neighbours along one axis (lines of <paramref name="length"/> with <paramref name="stride"/>).</summary>
    private static float[] MaxAlong(ReadOnlySpan<float> v, VolumeShape shape, int stride, int length, int lines, Func<int, int> start)
    {
        var result = new float[shape.VoxelCount];
        for (var l = 0; l < lines; l++)
        {
            var s0 = start(l);
            for (var i = 0; i < length; i++)
            {
                var at = s0 + i * stride;
                var m = v[at];
                if (i > 0) m = MathF.Max(m, v[at - stride]);
                if (i < length - 1) m = MathF.Max(m, v[at + stride]);
                result[at] = m;
            }
        }
        return result;
    }
}
