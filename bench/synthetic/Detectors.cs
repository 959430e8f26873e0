using System.Numerics;
using MotorPick.Synthetic.Geometry;
using MotorPick.Synthetic.Imaging;
using MotorPick.Synthetic.Rendering;

namespace MotorPick.Bench.Synthetic;

/// <summary>A detection: voxel position in the full-resolution tomogram and a confidence.</summary>
public readonly record struct Detection(double Z, double Y, double X, double Score);

/// <summary>A binned, inverted (dense = high) copy of an 8-bit tomogram.</summary>
public sealed class Binned
{
    public Binned(byte[] u8, int nz, int ny, int nx, int factor)
    {
        Factor = factor;
        (Z, Y, X) = (nz / factor, ny / factor, nx / factor);
        Data = new float[Z * Y * X];
        var inv = 1f / (factor * factor * factor);
        Parallel.For(0, Z, z =>
        {
            for (var y = 0; y < Y; y++)
                for (var x = 0; x < X; x++)
                {
                    var s = 0;
                    for (var a = 0; a < factor; a++)
                        for (var b = 0; b < factor; b++)
                        {
                            var o = ((long)(z * factor + a) * ny + y * factor + b) * nx + x * factor;
                            for (var c = 0; c < factor; c++) s += 255 - u8[o + c];
                        }
                    Data[(z * Y + y) * X + x] = s * inv;
                }
        });
    }

    public int Factor { get; }
    public int Z { get; }
    public int Y { get; }
    public int X { get; }
    public float[] Data { get; }

    public Detection ToFull(int z, int y, int x, double score) =>
        new((z + 0.5) * Factor - 0.5, (y + 0.5) * Factor - 0.5, (x + 0.5) * Factor - 0.5, score);
}

/// <summary>
/// The naive detector of the issue: smooth with a Gaussian of the motor's size and take the darkest blob
/// (the densest point); its confidence is how far above the volume's mean it is, in standard deviations.
/// </summary>
public static class NaiveDetector
{
    public static Detection Detect(Binned v, double spacingA, double motorSigmaA = 150, int marginVoxels = 2)
    {
        var d = (float[])v.Data.Clone();
        var k = Filters.GaussianKernel(motorSigmaA / (spacingA * v.Factor));
        Filters.Convolve3D(d, v.Z, v.Y, v.X, k, k, k, Environment.ProcessorCount);
        return Argmax(d, v, marginVoxels, standardise: true);
    }

    internal static Detection Argmax(float[] d, Binned v, int margin, bool standardise)
    {
        double sum = 0, sq = 0;
        foreach (var x in d)
        {
            sum += x;
            sq += (double)x * x;
        }
        var mean = sum / d.Length;
        var std = Math.Sqrt(Math.Max(1e-12, sq / d.Length - mean * mean));
        var best = float.NegativeInfinity;
        int bz = 0, by = 0, bx = 0;
        for (var z = margin; z < v.Z - margin; z++)
            for (var y = margin; y < v.Y - margin; y++)
                for (var x = margin; x < v.X - margin; x++)
                {
                    var val = d[(z * v.Y + y) * v.X + x];
                    if (val > best)
                    {
                        best = val;
                        (bz, by, bx) = (z, y, x);
                    }
                }
        return v.ToFull(bz, by, bx, standardise ? (best - mean) / std : best);
    }
}

/// <summary>
/// A matched filter that is told the truth: the motor template (<see cref="MotorModel"/>) rendered at the true motor's
/// orientation, blurred like the data, correlated with the tomogram and normalised by the local standard deviation
/// (normalised cross-correlation). It shows that the motor signal is present in the data.
/// </summary>
public static class MatchedFilter
{
    public static Detection Detect(Binned v, double spacingA, ZyxVector normal, double periplasmA, double psfSigmaA, double wedgeElongation, int marginVoxels = 2)
    {
        var (corr, radius) = Map(v, spacingA, normal, periplasmA, psfSigmaA, wedgeElongation);
        return NaiveDetector.Argmax(corr, v, Math.Max(marginVoxels, radius / 2), standardise: false);
    }

    /// <summary>The normalised cross-correlation map (binned grid) and the template radius in binned voxels.</summary>
    public static (float[] Map, int Radius) Map(Binned v, double spacingA, ZyxVector normal, double periplasmA, double psfSigmaA, double wedgeElongation)
    {
        var vox = spacingA * v.Factor;
        var (taps, radius) = Template(normal, periplasmA, vox, psfSigmaA, wedgeElongation);
        var n = v.Z * v.Y * v.X;
        var corr = new float[n];
        // Zero-mean data, so that taps falling outside the volume (skipped) act as average background.
        var dataMean = (float)v.Data.Average(x => (double)x);
        var centred = v.Data.Select(x => x - dataMean).ToArray();
        // Correlation as a sum of shifted rows (axpy with Vector<float>), parallel over output slices.
        Parallel.For(0, v.Z, z =>
        {
            foreach (var (dz, dy, dx, w) in taps)
            {
                var sz = z + dz;
                if (sz < 0 || sz >= v.Z) continue;
                for (var y = 0; y < v.Y; y++)
                {
                    var sy = y + dy;
                    if (sy < 0 || sy >= v.Y) continue;
                    var x0 = Math.Max(0, -dx);
                    var x1 = Math.Min(v.X, v.X - dx);
                    var dst = corr.AsSpan((z * v.Y + y) * v.X + x0, x1 - x0);
                    var src = centred.AsSpan((sz * v.Y + sy) * v.X + x0 + dx, x1 - x0);
                    Axpy(w, src, dst);
                }
            }
        });
        // Local standard deviation over a cube of the template's size.
        var mean = (float[])v.Data.Clone();
        var sq = v.Data.Select(x => x * x).ToArray();
        var box = BoxKernel(radius);
        Filters.Convolve3D(mean, v.Z, v.Y, v.X, box, box, box, Environment.ProcessorCount);
        Filters.Convolve3D(sq, v.Z, v.Y, v.X, box, box, box, Environment.ProcessorCount);
        // Normalise by the local standard deviation, floored at half the global one so that flat regions
        // (vacuum, clamped borders) cannot blow up.
        double gs = 0, gq = 0;
        foreach (var x in v.Data)
        {
            gs += x;
            gq += (double)x * x;
        }
        var floor = (float)(0.5 * Math.Sqrt(Math.Max(1e-12, gq / n - (gs / n) * (gs / n))));
        for (var i = 0; i < n; i++)
        {
            var sd = MathF.Sqrt(MathF.Max(0, sq[i] - mean[i] * mean[i]));
            corr[i] /= MathF.Max(sd, floor);
        }
        return (corr, radius);
    }

    private static void Axpy(float w, ReadOnlySpan<float> src, Span<float> dst)
    {
        var i = 0;
        var vw = new Vector<float>(w);
        for (; i <= src.Length - Vector<float>.Count; i += Vector<float>.Count)
            (new Vector<float>(dst.Slice(i)) + vw * new Vector<float>(src.Slice(i))).CopyTo(dst.Slice(i));
        for (; i < src.Length; i++) dst[i] += w * src[i];
    }

    private static float[] BoxKernel(int r)
    {
        var k = new float[r + 1];
        Array.Fill(k, 1f / (2 * r + 1));
        return k;
    }

    /// <summary>Zero-mean, unit-norm template taps (offsets from the labelled centre) inside a sphere.</summary>
    public static (List<(int Dz, int Dy, int Dx, float W)> Taps, int Radius) Template(ZyxVector normal, double periplasmA, double voxelA, double psfSigmaA, double wedgeElongation)
    {
        var r = (int)Math.Ceiling(420 / voxelA);
        var size = 2 * r + 1;
        var t = new float[size * size * size];
        var n = normal.Normalized();
        // The label sits at LabelOffsetA along the axis from the membrane point: template offsets are from the label.
        for (var z = 0; z < size; z++)
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    var p = new ZyxVector(z - r, y - r, x - r) * voxelA;
                    // Supersample 2x2x2 so that coarse voxels see the thin walls.
                    float acc = 0;
                    for (var s = 0; s < 8; s++)
                    {
                        var q = p + new ZyxVector(((s & 1) - 0.5) * 0.5, (((s >> 1) & 1) - 0.5) * 0.5, (((s >> 2) & 1) - 0.5) * 0.5) * voxelA;
                        var rel = q + n * MotorModel.LabelOffsetA;
                        var h = rel.Dot(n);
                        var rho = Math.Sqrt(Math.Max(0, rel.Dot(rel) - h * h));
                        acc += MotorModel.Density((float)h, (float)rho, (float)periplasmA);
                    }
                    t[(z * size + y) * size + x] = acc / 8;
                }
        // Blur like the data: the in-plane point spread, elongated along z by the missing wedge.
        var k = Filters.GaussianKernel(psfSigmaA / voxelA);
        var kz = Filters.GaussianKernel(psfSigmaA * wedgeElongation / voxelA);
        Filters.Convolve3D(t, size, size, size, kz, k, k, 1);
        var inside = new List<(int, int, int, float)>();
        double sum = 0;
        for (var z = 0; z < size; z++)
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    var d2 = (z - r) * (z - r) + (y - r) * (y - r) + (x - r) * (x - r);
                    if (d2 > r * r) continue;
                    var w = t[(z * size + y) * size + x];
                    inside.Add((z - r, y - r, x - r, w));
                    sum += w;
                }
        var mean = (float)(sum / inside.Count);
        double norm = 0;
        foreach (var (_, _, _, w) in inside) norm += (w - mean) * (w - mean);
        var scale = (float)(1 / Math.Sqrt(norm));
        var taps = inside.Select(e => (e.Item1, e.Item2, e.Item3, (e.Item4 - mean) * scale)).ToList();
        // Drop the weakest taps (flat background around the motor): a 3-5x speed-up for a small loss.
        var max = taps.Max(e => Math.Abs(e.Item4));
        var kept = taps.Where(e => Math.Abs(e.Item4) > 0.08f * max).ToList();
        var keptMean = kept.Average(e => e.Item4);
        return (kept.Select(e => (e.Item1, e.Item2, e.Item3, e.Item4 - keptMean)).ToList(), r);
    }
}
