using MotorPick.Formats.Geometry;
using MotorPick.Model.Data;
using MotorPick.Model.Targets;
using MotorPick.Volumes;

namespace MotorPick.Model.Augment;

/// <summary>An augmented training patch: uint8 grey values (at the volume's voxel size for a plain crop, unknown once a zoom
/// or affine has resampled it) and the keypoints that stayed inside it.</summary>
public sealed record AugmentedPatch(Volume<byte> Image, IReadOnlyList<Keypoint> Keypoints, string Applied);

/// <summary>
/// Cuts a patch out of a (target-spaced) volume and augments it as the reference does (8.5): one spatial affine
/// (zoom, rotation about z, tilts, shear, scale) applied around the patch centre with trilinear sampling and zeros
/// outside the volume, intensity shift/scale/gamma/histogram shift, simulated low resolution and coarse dropout
/// that spares the keypoints. Keypoints go through the same affine and their sigma is scaled by its smallest
/// singular value; those that leave [0, size-1] are dropped.
/// </summary>
public static partial class PatchAugmenter
{
    /// <summary><c>sqrt(chi2.ppf(0.9, 3))</c>: radius of the 90 % ellipsoid a dropout hole may not touch.</summary>
    public const double Ellipsoid90Factor = 2.5002777234665474;

    public static AugmentedPatch Sample(Volume<byte> volume, (int Z, int Y, int X) start, (int D, int H, int W) patch,
        IReadOnlyList<Keypoint> keypoints, AugmentConfig cfg, Random rng)
    {
        var applied = new List<string>();
        var affine = cfg.Enabled ? RandomAffine(cfg, rng, applied) : Matrix3.Identity;
        float[] buf;
        var kps = new List<Keypoint>(keypoints.Count);
        var cP = ((patch.D - 1) / 2.0, (patch.H - 1) / 2.0, (patch.W - 1) / 2.0);
        var cS = (start.Z + cP.Item1, start.Y + cP.Item2, start.X + cP.Item3);
        var warped = applied.Count > 0;
        if (!warped)
        {
            buf = Crop(volume, start, patch);
            foreach (var k in keypoints) kps.Add(k.Shift(-start.Z, -start.Y, -start.X));
        }
        else
        {
            buf = Warp(volume, affine, cS, cP, patch);
            var inv = affine.Inverse();
            double sigmaScale = inv.MinSingularValue();
            foreach (var k in keypoints)
            {
                var (z, y, x) = inv.Apply(k.Z - cS.Item1, k.Y - cS.Item2, k.X - cS.Item3);
                kps.Add(new Keypoint(z + cP.Item1, y + cP.Item2, x + cP.Item3, k.Sigma * sigmaScale));
            }
        }
        kps.RemoveAll(k => !k.Inside(patch.D, patch.H, patch.W));

        if (cfg.Enabled)
        {
            Intensity(buf, cfg, rng, applied);
            Imaging(buf, patch, cfg, rng, applied);
            if (rng.NextDouble() < cfg.LowResP) buf = LowResolution(buf, patch, cfg, rng, applied);
            if (rng.NextDouble() < cfg.DropoutP) CoarseDropout(buf, patch, kps, cfg, rng, applied);
        }

        var image = Volume<byte>.Allocate(patch, warped ? VoxelSize.Unknown : volume.VoxelSize);
        var dst = image.Data;
        for (int i = 0; i < buf.Length; i++)
        {
            float v = buf[i];
            dst[i] = v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)v; // clip, then truncate like .to(uint8)
        }
        return new AugmentedPatch(image, kps, string.Join('+', applied));
    }

    /// <summary>Plain crop with zero padding where the window leaves the volume.</summary>
    public static float[] Crop(Volume<byte> volume, (int Z, int Y, int X) start, (int D, int H, int W) patch)
    {
        var buf = new float[patch.D * patch.H * patch.W];
        var src = volume.Data;
        Parallel.For(0, patch.D, z =>
        {
            int vz = start.Z + z;
            if (vz < 0 || vz >= volume.D) return;
            for (int y = 0; y < patch.H; y++)
            {
                int vy = start.Y + y;
                if (vy < 0 || vy >= volume.H) continue;
                int x0 = Math.Max(0, -start.X), x1 = Math.Min(patch.W, volume.W - start.X);
                int row = (z * patch.H + y) * patch.W, vrow = (vz * volume.H + vy) * volume.W + start.X;
                for (int x = x0; x < x1; x++) buf[row + x] = src[vrow + x];
            }
        });
        return buf;
    }

    private static Matrix3 RandomAffine(AugmentConfig cfg, Random rng, List<string> applied)
    {
        var a = Matrix3.Identity;
        if (rng.NextDouble() < cfg.ZoomP)
        {
            double Z() => Uniform(rng, cfg.ZoomRange[0], cfg.ZoomRange[1]);
            // zoom > 1 magnifies: output -> input coordinates shrink by 1/zoom
            a = Matrix3.Diagonal(1 / Z(), 1 / Z(), 1 / Z()) * a;
            applied.Add("zoom");
        }
        if (rng.NextDouble() < cfg.AffineP)
        {
            bool tilted = rng.NextDouble() < cfg.TiltedAffineWeight;
            var r = Matrix3.RotateZ(Uniform(rng, 0, cfg.RotateZMax));
            if (tilted)
            {
                r = Matrix3.RotateX(Uniform(rng, -cfg.TiltMax, cfg.TiltMax)) * Matrix3.RotateY(Uniform(rng, -cfg.TiltMax, cfg.TiltMax)) * r;
                double S() => Uniform(rng, -cfg.ShearMax, cfg.ShearMax);
                r = Matrix3.Shear(S(), S(), S(), S(), S(), S()) * r;
            }
            double Sc() => 1 + Uniform(rng, -cfg.ScaleMax, cfg.ScaleMax);
            a = r * Matrix3.Diagonal(Sc(), Sc(), Sc()) * a;
            applied.Add(tilted ? "affine3d" : "affine");
        }
        return a;
    }

    /// <summary>out(p) = volume(A (p - cP) + cS), trilinear, zero outside the volume.</summary>
    private static float[] Warp(Volume<byte> volume, Matrix3 a, (double, double, double) cS, (double, double, double) cP, (int D, int H, int W) patch)
    {
        var buf = new float[patch.D * patch.H * patch.W];
        var src = volume.Data;
        int vd = volume.D, vh = volume.H, vw = volume.W;
        Parallel.For(0, patch.D, z =>
        {
            for (int y = 0; y < patch.H; y++)
            {
                var (bz, by, bx) = a.Apply(z - cP.Item1, y - cP.Item2, -cP.Item3);
                double sz = bz + cS.Item1, sy = by + cS.Item2, sx = bx + cS.Item3;
                double dz = a[0, 2], dy = a[1, 2], dx = a[2, 2];
                int row = (z * patch.H + y) * patch.W;
                for (int x = 0; x < patch.W; x++, sz += dz, sy += dy, sx += dx)
                {
                    if (sz <= -1 || sy <= -1 || sx <= -1 || sz >= vd || sy >= vh || sx >= vw) continue;
                    int z0 = (int)Math.Floor(sz), y0 = (int)Math.Floor(sy), x0 = (int)Math.Floor(sx);
                    float fz = (float)(sz - z0), fy = (float)(sy - y0), fx = (float)(sx - x0);
                    float acc = 0;
                    for (int cz = 0; cz < 2; cz++)
                    {
                        int iz = z0 + cz;
                        if ((uint)iz >= (uint)vd) continue;
                        float wz = cz == 0 ? 1 - fz : fz;
                        for (int cy = 0; cy < 2; cy++)
                        {
                            int iy = y0 + cy;
                            if ((uint)iy >= (uint)vh) continue;
                            float wzy = wz * (cy == 0 ? 1 - fy : fy);
                            int b = (iz * vh + iy) * vw;
                            if ((uint)x0 < (uint)vw) acc += wzy * (1 - fx) * src[b + x0];
                            if ((uint)(x0 + 1) < (uint)vw) acc += wzy * fx * src[b + x0 + 1];
                        }
                    }
                    buf[row + x] = acc;
                }
            }
        });
        return buf;
    }

    private static void Intensity(float[] buf, AugmentConfig cfg, Random rng, List<string> applied)
    {
        if (rng.NextDouble() >= cfg.IntensityP) return;
        switch (Choose(rng, cfg.IntensityWeights))
        {
            case 0:
                if (rng.NextDouble() < cfg.ShiftContrastP)
                {
                    double offset = rng.NextDouble() < 0.5
                        ? Uniform(rng, cfg.ShiftOffsetRange[0], cfg.ShiftOffsetRange[1])
                        : Uniform(rng, cfg.StdShiftRange[0], cfg.StdShiftRange[1]) * Std(buf);
                    Map(buf, v => (float)(v + offset));
                    applied.Add("shift");
                }
                if (rng.NextDouble() < cfg.ShiftContrastP)
                {
                    double f = rng.NextDouble() < 0.7 ? Uniform(rng, -0.6, 0) : Uniform(rng, 0, 0.8);
                    double mean = Mean(buf);
                    Map(buf, v => (float)(mean + (v - mean) * (1 + f)));
                    applied.Add("contrast");
                }
                break;
            case 1:
                if (rng.NextDouble() < cfg.ScaleIntensityP)
                {
                    double f = 1 + Uniform(rng, -cfg.ScaleIntensityMax, cfg.ScaleIntensityMax);
                    Map(buf, v => (float)(v * f));
                    applied.Add("scale");
                }
                break;
            case 2:
                if (rng.NextDouble() < cfg.GammaP)
                {
                    double gamma = Uniform(rng, cfg.GammaRange[0], cfg.GammaRange[1]);
                    var (min, max) = MinMax(buf);
                    double range = max - min;
                    Map(buf, v => (float)(Math.Pow((v - min) / (range + 1e-7), gamma) * range + min));
                    applied.Add("gamma");
                }
                break;
            default:
                if (rng.NextDouble() < cfg.HistogramShiftP)
                {
                    HistogramShift(buf, rng.Next(cfg.HistogramPoints[0], cfg.HistogramPoints[1] + 1), rng);
                    applied.Add("histshift");
                }
                break;
        }
    }

    /// <summary>MONAI RandHistogramShift: a random monotone piecewise-linear intensity map through n control points.</summary>
    private static void HistogramShift(float[] buf, int n, Random rng)
    {
        n = Math.Max(n, 3);
        var reference = new double[n];
        for (int i = 0; i < n; i++) reference[i] = (double)i / (n - 1);
        var floating = (double[])reference.Clone();
        for (int i = 1; i < n - 1; i++) floating[i] = Uniform(rng, floating[i - 1], floating[i + 1]);
        var (min, max) = MinMax(buf);
        double range = max - min;
        if (range <= 0) return;
        Map(buf, v =>
        {
            double t = (v - min) / range;
            int k = Math.Clamp((int)(t * (n - 1)), 0, n - 2);
            double u = (t - reference[k]) / (reference[k + 1] - reference[k]);
            return (float)((floating[k] + u * (floating[k + 1] - floating[k])) * range + min);
        });
    }

    private static float[] LowResolution(float[] buf, (int D, int H, int W) patch, AugmentConfig cfg, Random rng, List<string> applied)
    {
        double zoom = Uniform(rng, cfg.LowResZoom[0], cfg.LowResZoom[1]);
        var small = (Math.Max(1, (int)Math.Round(patch.D * zoom)), Math.Max(1, (int)Math.Round(patch.H * zoom)), Math.Max(1, (int)Math.Round(patch.W * zoom)));
        // (down, up) modes with the reference's weights; "area" downsampling is approximated by linear
        var (downLinear, upLinear) = Choose(rng, [0.4, 0.1, 0.1, 0.1, 0.2, 0.1]) switch
        {
            0 => (true, true), 1 => (true, false), 2 => (true, true), 3 => (true, false), 4 => (false, true), _ => (false, false),
        };
        var low = Resize3.Resize(buf, patch, small, downLinear);
        applied.Add("lowres");
        return Resize3.Resize(low, small, patch, upLinear);
    }

    private static void CoarseDropout(float[] buf, (int D, int H, int W) patch, List<Keypoint> kps, AugmentConfig cfg, Random rng, List<string> applied)
    {
        int holes = rng.Next(cfg.DropoutHoles[0], cfg.DropoutHoles[1] + 1), made = 0;
        for (int h = 0; h < holes; h++)
        {
            for (int attempt = 0; attempt < cfg.DropoutRetries; attempt++)
            {
                int sd = Math.Min(patch.D, rng.Next(cfg.DropoutSize[0], cfg.DropoutSize[1] + 1));
                int sh = Math.Min(patch.H, rng.Next(cfg.DropoutSize[0], cfg.DropoutSize[1] + 1));
                int sw = Math.Min(patch.W, rng.Next(cfg.DropoutSize[0], cfg.DropoutSize[1] + 1));
                int z0 = rng.Next(0, patch.D - sd + 1), y0 = rng.Next(0, patch.H - sh + 1), x0 = rng.Next(0, patch.W - sw + 1);
                if (kps.Any(k => BoxTouchesSphere(z0, y0, x0, sd, sh, sw, k, k.Sigma * Ellipsoid90Factor))) continue;
                for (int z = z0; z < z0 + sd; z++)
                    for (int y = y0; y < y0 + sh; y++)
                    {
                        int row = (z * patch.H + y) * patch.W;
                        for (int x = x0; x < x0 + sw; x++) buf[row + x] = (float)(rng.NextDouble() * 255);
                    }
                made++;
                break;
            }
        }
        if (made > 0) applied.Add("dropout");
    }

    internal static bool BoxTouchesSphere(int z0, int y0, int x0, int sd, int sh, int sw, Keypoint k, double r)
    {
        static double Gap(double c, int lo, int n) => c < lo ? lo - c : c > lo + n - 1 ? c - (lo + n - 1) : 0;
        double gz = Gap(k.Z, z0, sd), gy = Gap(k.Y, y0, sh), gx = Gap(k.X, x0, sw);
        return gz * gz + gy * gy + gx * gx <= r * r;
    }

    private static double Uniform(Random rng, double lo, double hi) => lo + rng.NextDouble() * (hi - lo);

    private static int Choose(Random rng, double[] weights)
    {
        double total = weights.Sum(), u = rng.NextDouble() * total;
        for (int i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0) return i;
        }
        return weights.Length - 1;
    }

    private static void Map(float[] buf, Func<float, float> f)
    {
        for (int i = 0; i < buf.Length; i++) buf[i] = f(buf[i]);
    }

    private static double Mean(float[] buf)
    {
        double s = 0;
        foreach (var v in buf) s += v;
        return s / buf.Length;
    }

    private static double Std(float[] buf)
    {
        double m = Mean(buf), s = 0;
        foreach (var v in buf) s += (v - m) * (v - m);
        return Math.Sqrt(s / buf.Length);
    }

    private static (float Min, float Max) MinMax(float[] buf)
    {
        float min = float.MaxValue, max = float.MinValue;
        foreach (var v in buf) { if (v < min) min = v; if (v > max) max = v; }
        return (min, max);
    }
}
