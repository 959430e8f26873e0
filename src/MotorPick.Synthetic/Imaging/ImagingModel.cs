using MotorPick.Synthetic.Randomness;
using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic.Imaging;

/// <summary>
/// Turns a density into what a reconstructed tomogram looks like: a CTF-like low-pass elongated along z by the
/// missing wedge, loss of the lowest frequencies, band-limited noise at the requested SNR, a slow background
/// gradient and fine white grain. All in place on the float volume; deterministic for any thread count.
/// </summary>
public static class ImagingModel
{
    private const int NoiseSlab = 32;

    /// <summary>Applies the imaging model; returns the measured signal standard deviation (after the blur).</summary>
    public static double Apply(TomogramSpec spec, float[] v, int threads)
    {
        int nz = spec.Z, ny = spec.Y, nx = spec.X;
        var im = spec.Imaging;
        var sxy = im.PsfSigmaA / spec.SpacingA;
        var kx = Filters.GaussianKernel(sxy);
        var kz = Filters.GaussianKernel(sxy * im.WedgeElongation);
        Filters.Convolve3D(v, nz, ny, nx, kz, kx, kx, threads);
        LowFrequencyCut(v, nz, ny, nx, im.LowFrequencySigmaA / spec.SpacingA, im.LowFrequencyCut, threads);

        // Signal variance of the bulk of the tomogram: values clipped to the 1st..99th percentile, so that a few very
        // dense objects (gold, granules) do not decide how noisy the membranes and motors look.
        var (p1, p99) = Histogram.Percentiles(v, nz, ny * nx, 0.01, 0.99, threads);
        var (_, variance) = Moments(v, nz, ny * nx, threads, (float)p1, (float)p99);
        var signalStd = Math.Sqrt(variance);
        var gain = Filters.SquaredNorm(kx) * Filters.SquaredNorm(kx) * Filters.SquaredNorm(kz);
        var noiseStd = signalStd / Math.Sqrt(im.Snr);
        // Pre-filter white noise whose blurred version has standard deviation noiseStd.
        AddBandLimitedNoise(v, nz, ny, nx, kz, kx, (float)(noiseStd / Math.Sqrt(gain)),
            CounterRng.Hash(spec.Seed, (ulong)spec.Index, Streams.Noise), threads);
        Finish(spec, v, (float)signalStd, (float)(0.15 * noiseStd), threads);
        return signalStd;
    }

    /// <summary>Subtracts <paramref name="fraction"/> of a heavy Gaussian blur (computed on a binned copy).</summary>
    private static void LowFrequencyCut(float[] v, int nz, int ny, int nx, double sigmaVox, double fraction, int threads)
    {
        var b = Math.Max(1, (int)Math.Round(sigmaVox / 3));
        int cz = (nz + b - 1) / b, cy = (ny + b - 1) / b, cx = (nx + b - 1) / b;
        var coarse = new float[cz * cy * cx];
        Parallel.For(0, cz, Filters.Options(threads), iz =>
        {
            for (var iy = 0; iy < cy; iy++)
                for (var ix = 0; ix < cx; ix++)
                {
                    double sum = 0;
                    var count = 0;
                    for (var z = iz * b; z < Math.Min(nz, (iz + 1) * b); z++)
                        for (var y = iy * b; y < Math.Min(ny, (iy + 1) * b); y++)
                        {
                            var row = ((long)z * ny + y) * nx;
                            for (var x = ix * b; x < Math.Min(nx, (ix + 1) * b); x++)
                            {
                                sum += v[row + x];
                                count++;
                            }
                        }
                    coarse[(iz * cy + iy) * cx + ix] = (float)(sum / count);
                }
        });
        var k = Filters.GaussianKernel(sigmaVox / b);
        Filters.Convolve3D(coarse, cz, cy, cx, k, k, k, threads);

        // Trilinear upsampling (coarse cell centres at (i + 0.5) b - 0.5), then subtract.
        var ix0 = new int[nx];
        var wx = new float[nx];
        for (var x = 0; x < nx; x++) (ix0[x], wx[x]) = Cell((x + 0.5f) / b - 0.5f, cx);
        var f = (float)fraction;
        Parallel.For(0, nz, Filters.Options(threads), () => new float[cx], (z, _, row) =>
        {
            var (iz, wz) = Cell((z + 0.5f) / b - 0.5f, cz);
            var iz1 = Math.Min(iz + 1, cz - 1);
            for (var y = 0; y < ny; y++)
            {
                var (iy, wy) = Cell((y + 0.5f) / b - 0.5f, cy);
                var iy1 = Math.Min(iy + 1, cy - 1);
                int r00 = (iz * cy + iy) * cx, r01 = (iz * cy + iy1) * cx, r10 = (iz1 * cy + iy) * cx, r11 = (iz1 * cy + iy1) * cx;
                for (var i = 0; i < cx; i++)
                {
                    var a = coarse[r00 + i] + wy * (coarse[r01 + i] - coarse[r00 + i]);
                    var c = coarse[r10 + i] + wy * (coarse[r11 + i] - coarse[r10 + i]);
                    row[i] = a + wz * (c - a);
                }
                var o = ((long)z * ny + y) * nx;
                for (var x = 0; x < nx; x++)
                {
                    var i0 = ix0[x];
                    var i1 = Math.Min(i0 + 1, cx - 1);
                    v[o + x] -= f * (row[i0] + wx[x] * (row[i1] - row[i0]));
                }
            }
            return row;
        }, _ => { });
    }

    private static (int Index, float Weight) Cell(float pos, int n)
    {
        if (pos <= 0) return (0, 0);
        if (pos >= n - 1) return (n - 1, 0);
        var i = (int)pos;
        return (i, pos - i);
    }

    /// <summary>
    /// Mean and variance of the values clamped to [<paramref name="lo"/>, <paramref name="hi"/>] (no clamp by default),
    /// summed per slice in double and combined in slice order.
    /// </summary>
    internal static (double Mean, double Variance) Moments(float[] v, int nz, int sliceLength, int threads,
        float lo = float.NegativeInfinity, float hi = float.PositiveInfinity)
    {
        var sums = new double[nz];
        var squares = new double[nz];
        Parallel.For(0, nz, Filters.Options(threads), z =>
        {
            double s = 0, q = 0;
            foreach (var raw in v.AsSpan((int)((long)z * sliceLength), sliceLength))
            {
                var x = raw < lo ? lo : raw > hi ? hi : raw;
                s += x;
                q += (double)x * x;
            }
            sums[z] = s;
            squares[z] = q;
        });
        double total = 0, totalSq = 0;
        for (var z = 0; z < nz; z++)
        {
            total += sums[z];
            totalSq += squares[z];
        }
        var n = (double)nz * sliceLength;
        var mean = total / n;
        return (mean, Math.Max(0, totalSq / n - mean * mean));
    }

    /// <summary>A standard-normal-like value from a 64-bit hash: the sum of four 16-bit uniforms (Irwin-Hall), rescaled.</summary>
    internal static float HashNormal(ulong h)
    {
        var s = (h & 0xFFFF) + ((h >> 16) & 0xFFFF) + ((h >> 32) & 0xFFFF) + (h >> 48);
        // Mean 4 * 32767.5, variance 4 * (65536^2 - 1) / 12.
        return (float)((s - 131070.0) * (1.0 / 37837.22));
    }

    /// <summary>Adds white noise blurred with the same kernels, generated slab by slab (with halos) so that no second
    /// full-size buffer is needed; the noise at a voxel is a hash of its global index.</summary>
    private static void AddBandLimitedNoise(float[] v, int nz, int ny, int nx, float[] kz, float[] kxy, float amplitude, ulong key, int threads)
    {
        var halo = kz.Length - 1;
        var depth = NoiseSlab + 2 * halo;
        var slabs = (nz + NoiseSlab - 1) / NoiseSlab;
        var slice = ny * nx;
        Parallel.For(0, slabs, Filters.Options(threads), () => new float[depth * slice], (slab, _, buf) =>
        {
            var z0 = slab * NoiseSlab - halo;
            for (var dz = 0; dz < depth; dz++)
            {
                var gz = (ulong)(z0 + dz + 1_000_000);
                var baseKey = key + gz * (ulong)slice * 0x9E3779B97F4A7C15UL;
                var o = dz * slice;
                for (var i = 0; i < slice; i++)
                    buf[o + i] = HashNormal(CounterRng.Mix(baseKey + (ulong)i * 0x9E3779B97F4A7C15UL));
            }
            // z: the slab's halos hold real noise of the neighbouring slices. y, x: wrap, so the blurred noise is as rough at
            // the faces as in the middle (clamping gave the first columns 30-45 % more variance, a band real tomograms lack).
            Filters.Convolve3D(buf, depth, ny, nx, kz, kxy, kxy, 1, Filters.Border.Wrap);
            var count = Math.Min(NoiseSlab, nz - slab * NoiseSlab);
            for (var dz = 0; dz < count; dz++)
            {
                var dst = v.AsSpan((int)((long)(slab * NoiseSlab + dz) * slice), slice);
                var src = buf.AsSpan((dz + halo) * slice, slice);
                for (var i = 0; i < slice; i++) dst[i] += amplitude * src[i];
            }
            return buf;
        }, _ => { });
    }

    /// <summary>Adds the slow background gradient and fine white grain.</summary>
    internal static void Finish(TomogramSpec spec, float[] v, float signalStd, float grainStd, int threads)
    {
        int nz = spec.Z, ny = spec.Y, nx = spec.X;
        var g = spec.Imaging.Gradient.Select(c => (float)c * signalStd).ToArray();
        var key = CounterRng.Hash(spec.Seed, (ulong)spec.Index, Streams.WhiteNoise);
        Parallel.For(0, nz, Filters.Options(threads), z =>
        {
            var u = nz > 1 ? 2f * z / (nz - 1) - 1 : 0;
            for (var y = 0; y < ny; y++)
            {
                var w = ny > 1 ? 2f * y / (ny - 1) - 1 : 0;
                var o = ((long)z * ny + y) * nx;
                for (var x = 0; x < nx; x++)
                {
                    var t = nx > 1 ? 2f * x / (nx - 1) - 1 : 0;
                    var bg = g[0] * u + g[1] * w + g[2] * t + g[3] * u * u + g[4] * w * w + g[5] * t * t + g[6] * w * t;
                    var h = CounterRng.Mix(key + (ulong)(o + x) * 0x9E3779B97F4A7C15UL);
                    v[o + x] += bg + grainStd * HashNormal(h);
                }
            }
        });
    }
}
