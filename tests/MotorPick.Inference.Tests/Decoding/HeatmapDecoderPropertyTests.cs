using CsCheck;
using MotorPick.Formats.Geometry;
using MotorPick.Inference.Decoding;
using MotorPick.Tests.Properties;

namespace MotorPick.Inference.Tests.Decoding;

/// <summary>
/// Properties of <see cref="HeatmapDecoder"/>: at most max-dets peaks, sorted by confidence, no two closer than the NMS
/// radius, each a 3x3x3 local maximum at or above the threshold, and greedy NMS drops a candidate only for a kept peak
/// at least as confident within the radius.
/// </summary>
public class HeatmapDecoderPropertyTests
{
    /// <summary>Sparse heatmaps with plateaus (values on a coarse grid) and ties.</summary>
    private static readonly Gen<(VolumeShape Shape, float[] Heat)> Heatmaps =
        from shape in Gen.Select(Gen.Int[1, 12], Gen.Int[1, 12], Gen.Int[1, 12], (z, y, x) => new VolumeShape(z, y, x))
        from levels in Gen.OneOf(4, 10, 1000)
        from heat in Gen.Frequency((3, Gen.Const(0f)), (1, Gen.Int[1, levels].Select(v => (float)v / levels))).Array[(int)shape.VoxelCount]
        select (shape, heat);

    private static readonly Gen<DecodeOptions> Options =
        from thr in Gen.OneOf<double>(Gen.OneOf(0.0, 0.02, 0.03, 0.1), Gen.Double[0, 0.6])
        from radius in Gen.OneOf<double>(Gen.OneOf(0.0, 1.0, 2.0, 7.8125), Gen.Double[0, 5])
        from half in Gen.Bool
        from maxDets in Gen.OneOf(Gen.Int[2, 12], Gen.Const(100))
        select new DecodeOptions { ConfThreshold = thr, NmsRadius = radius, ThresholdInHalf = half, MaxDets = maxDets };

    private static readonly Gen<(VolumeShape Shape, float[] Heat, DecodeOptions Options)> Cases =
        Gen.Select(Heatmaps, Options, (h, o) => (h.Shape, h.Heat, o));

    private static string Print((VolumeShape Shape, float[] Heat, DecodeOptions Options) t) =>
        $"{t.Options} {t.Shape} nonzero: " + string.Join(", ", t.Heat.Select((v, i) => (v, i)).Where(p => p.v != 0).Take(40).Select(p => $"{p.i}={p.v}"));

    private static float At(float[] h, VolumeShape s, int z, int y, int x) => h[(z * s.Y + y) * s.X + x];

    private static bool IsLocalMax(float[] h, VolumeShape s, int z, int y, int x)
    {
        var v = At(h, s, z, y, x);
        for (var dz = -1; dz <= 1; dz++)
            for (var dy = -1; dy <= 1; dy++)
                for (var dx = -1; dx <= 1; dx++)
                {
                    int zz = z + dz, yy = y + dy, xx = x + dx;
                    if (zz < 0 || yy < 0 || xx < 0 || zz >= s.Z || yy >= s.Y || xx >= s.X) continue;
                    if (At(h, s, zz, yy, xx) > v) return false;
                }
        return true;
    }

    private static double Threshold(DecodeOptions o) => o.ThresholdInHalf ? (float)(Half)(float)o.ConfThreshold : o.ConfThreshold;

    private static double Distance(HeatmapPeak a, HeatmapPeak b) =>
        Math.Sqrt((double)(a.Z - b.Z) * (a.Z - b.Z) + (double)(a.Y - b.Y) * (a.Y - b.Y) + (double)(a.X - b.X) * (a.X - b.X));

    [Fact]
    public void Peaks_are_few_sorted_apart_and_local_maxima_above_the_threshold()
    {
        Cases.Check(t =>
        {
            var (shape, heat, options) = t;
            var peaks = HeatmapDecoder.Decode(heat, shape, options);
            Assert.True(peaks.Count <= options.MaxDets);
            for (var i = 1; i < peaks.Count; i++) Assert.True(peaks[i - 1].Conf >= peaks[i].Conf, "not sorted by confidence");
            for (var i = 0; i < peaks.Count; i++)
                for (var j = i + 1; j < peaks.Count; j++)
                    Assert.True(Distance(peaks[i], peaks[j]) >= options.NmsRadius, $"{peaks[i]} and {peaks[j]} are closer than {options.NmsRadius}");
            foreach (var p in peaks)
            {
                Assert.Equal(At(heat, shape, p.Z, p.Y, p.X), p.Conf);
                Assert.True(p.Conf >= Threshold(options) && p.Conf != 0);
                Assert.True(IsLocalMax(heat, shape, p.Z, p.Y, p.X), $"{p} is not a local maximum");
            }
        }, iter: 200, stream: 901, print: Print);
    }

    [Fact]
    public void Nms_drops_a_candidate_only_near_a_kept_peak_at_least_as_confident()
    {
        Cases.Check(t =>
        {
            var (shape, heat, options) = t;
            var peaks = HeatmapDecoder.Decode(heat, shape, options);
            if (peaks.Count == options.MaxDets) return; // stopped early: later candidates were never considered
            var kept = peaks.ToHashSet();
            for (var z = 0; z < shape.Z; z++)
                for (var y = 0; y < shape.Y; y++)
                    for (var x = 0; x < shape.X; x++)
                    {
                        var v = At(heat, shape, z, y, x);
                        if (v == 0 || v < Threshold(options) || !IsLocalMax(heat, shape, z, y, x)) continue;
                        var c = new HeatmapPeak(z, y, x, v);
                        if (kept.Contains(c)) continue;
                        Assert.Contains(peaks, p => p.Conf >= v && Distance(p, c) < options.NmsRadius);
                    }
        }, iter: 200, stream: 902, print: Print);
    }

    [Fact]
    public void One_detection_is_the_first_global_maximum_when_it_passes_the_threshold()
    {
        Cases.Check(t =>
        {
            var (shape, heat, options) = t;
            var peaks = HeatmapDecoder.Decode(heat, shape, options with { MaxDets = 1 });
            var best = Array.IndexOf(heat, heat.Max());
            if (heat[best] < Threshold(options)) { Assert.Empty(peaks); return; }
            var p = Assert.Single(peaks);
            Assert.Equal(best, (p.Z * shape.Y + p.Y) * shape.X + p.X);
        }, iter: 100, stream: 903, print: Print);
    }
}
