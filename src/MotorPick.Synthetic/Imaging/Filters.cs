using System.Numerics;
using MotorPick.Synthetic.Randomness;

namespace MotorPick.Synthetic.Imaging;

/// <summary>
/// Separable convolutions of a [z][y][x] float volume with symmetric kernels, in place, clamping at the borders
/// (<see cref="Border.Clamp"/>, right for smooth densities) or wrapping around them (<see cref="Border.Wrap"/>, for
/// noise: every output then sums independent samples with the same weights, so its variance is the same at a face as in
/// the middle, where clamping repeats the edge sample up to r times and makes the edge columns rougher).
/// Rows are combined with <see cref="Vector{T}"/> across x; each output value is computed by one thread with the
/// same sequence of IEEE operations whatever the vector width, so results are identical on every machine.
/// </summary>
public static class Filters
{
    /// <summary>Half of a normalised sampled Gaussian: k[0] is the centre tap, k[j] the taps at +-j (radius ceil(3 sigma)).</summary>
    public static float[] GaussianKernel(double sigma)
    {
        if (sigma < 0.2) return [1f];
        var r = (int)Math.Ceiling(3 * sigma);
        var w = new double[r + 1];
        double sum = 0;
        for (var j = 0; j <= r; j++)
        {
            w[j] = DetMath.Exp(-0.5 * j * j / (sigma * sigma));
            sum += j == 0 ? w[j] : 2 * w[j];
        }
        return w.Select(v => (float)(v / sum)).ToArray();
    }

    /// <summary>Sum of squared weights of the full kernel: the factor by which it scales white-noise variance.</summary>
    public static double SquaredNorm(float[] k)
    {
        double s = (double)k[0] * k[0];
        for (var j = 1; j < k.Length; j++) s += 2.0 * k[j] * k[j];
        return s;
    }

    /// <summary>What lies beyond a face: the edge sample repeated, or the opposite side of the volume.</summary>
    public enum Border
    {
        Clamp,
        Wrap,
    }

    /// <summary>Index of the sample used at <paramref name="i"/> (which may lie up to one kernel radius outside 0..n-1).</summary>
    private static int Outside(int i, int n, Border border) =>
        border == Border.Clamp ? Math.Clamp(i, 0, n - 1) : ((i % n) + n) % n;

    /// <summary>Blurs along x, y and z; <paramref name="xy"/> says what lies beyond the y and x faces (z always clamps).</summary>
    public static void Convolve3D(float[] data, int nz, int ny, int nx, float[] kz, float[] ky, float[] kx, int threads, Border xy = Border.Clamp)
    {
        ConvolveX(data, nz, ny, nx, kx, threads, xy);
        ConvolveY(data, nz, ny, nx, ky, threads, xy);
        ConvolveZ(data, nz, ny, nx, kz, threads);
    }

    public static void ConvolveX(float[] data, int nz, int ny, int nx, float[] k, int threads, Border border = Border.Clamp)
    {
        if (k.Length == 1) return;
        var r = k.Length - 1;
        Parallel.For(0, nz, Options(threads), () => new float[nx + 2 * r], (z, _, tmp) =>
        {
            for (var y = 0; y < ny; y++)
            {
                var row = data.AsSpan((int)(((long)z * ny + y) * nx), nx);
                row.CopyTo(tmp.AsSpan(r));
                for (var j = 0; j < r; j++)
                {
                    tmp[j] = row[Outside(j - r, nx, border)];
                    tmp[r + nx + j] = row[Outside(nx + j, nx, border)];
                }
                Combine(tmp, r, 1, k, row);
            }
            return tmp;
        }, _ => { });
    }

    public static void ConvolveY(float[] data, int nz, int ny, int nx, float[] k, int threads, Border border = Border.Clamp)
    {
        if (k.Length == 1) return;
        var r = k.Length - 1;
        Parallel.For(0, nz, Options(threads), () => new float[(ny + 2 * r) * nx], (z, _, tmp) =>
        {
            var slice = data.AsSpan((int)((long)z * ny * nx), ny * nx);
            for (var y = -r; y < ny + r; y++)
                slice.Slice(Outside(y, ny, border) * nx, nx).CopyTo(tmp.AsSpan((y + r) * nx));
            for (var y = 0; y < ny; y++) Combine(tmp, (y + r) * nx, nx, k, slice.Slice(y * nx, nx));
            return tmp;
        }, _ => { });
    }

    public static void ConvolveZ(float[] data, int nz, int ny, int nx, float[] k, int threads)
    {
        if (k.Length == 1) return;
        var r = k.Length - 1;
        Parallel.For(0, ny, Options(threads), () => new float[(nz + 2 * r) * nx], (y, _, tmp) =>
        {
            for (var z = -r; z < nz + r; z++)
                data.AsSpan((int)(((long)Math.Clamp(z, 0, nz - 1) * ny + y) * nx), nx).CopyTo(tmp.AsSpan((z + r) * nx));
            for (var z = 0; z < nz; z++)
                Combine(tmp, (z + r) * nx, nx, k, data.AsSpan((int)(((long)z * ny + y) * nx), nx));
            return tmp;
        }, _ => { });
    }

    /// <summary>dst[i] = k0 src[c+i] + sum_j kj (src[c+i-j*stride] + src[c+i+j*stride]).</summary>
    private static void Combine(ReadOnlySpan<float> src, int center, int stride, float[] k, Span<float> dst)
    {
        var n = dst.Length;
        var w = Vector<float>.Count;
        var i = 0;
        for (; i <= n - w; i += w)
        {
            var acc = new Vector<float>(src.Slice(center + i)) * k[0];
            for (var j = 1; j < k.Length; j++)
                acc += (new Vector<float>(src.Slice(center + i - j * stride)) + new Vector<float>(src.Slice(center + i + j * stride))) * k[j];
            acc.CopyTo(dst.Slice(i));
        }
        for (; i < n; i++)
        {
            var acc = src[center + i] * k[0];
            for (var j = 1; j < k.Length; j++)
                acc += (src[center + i - j * stride] + src[center + i + j * stride]) * k[j];
            dst[i] = acc;
        }
    }

    internal static ParallelOptions Options(int threads) => new() { MaxDegreeOfParallelism = Math.Max(1, threads) };
}
