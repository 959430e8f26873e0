using MotorPick.Formats.Geometry;
using MotorPick.Model.Data;
using MotorPick.Volumes;

namespace MotorPick.Model.Targets;

/// <summary>
/// The training target of the reference (<c>generate_3d_gaussian_heatmap</c>, same_std, docs/reference.md 8.4):
/// for each keypoint an isotropic Gaussian on the stride grid, cut at the 99.9 % radius, min-max normalised inside
/// its window so that the peak is exactly 1 and the window's lowest cell 0, merged into the map by maximum.
/// </summary>
public static class GaussianHeatmap
{
    /// <summary><c>sqrt(chi2.ppf(0.999, 3))</c>: the window radius in standard deviations.</summary>
    public const double RadiusFactor = 4.0331422236561565;

    /// <summary>
    /// Renders the heatmap of a (d, h, w) patch at <paramref name="stride"/>; the patch must divide by the stride.
    /// Keypoints outside [0, size-1] are dropped first, as the reference's pipeline does before rendering. The map's voxel
    /// size is the patch's (<paramref name="patchVoxelSize"/>, unknown by default) times the stride.
    /// </summary>
    public static Volume<float> Render(int d, int h, int w, int stride, IEnumerable<Keypoint> keypoints, VoxelSize patchVoxelSize = default)
    {
        if (stride <= 0 || d % stride != 0 || h % stride != 0 || w % stride != 0)
            throw new ArgumentException($"patch ({d}, {h}, {w}) must be a multiple of the stride {stride}");
        var cells = patchVoxelSize.IsKnown ? new VoxelSize(patchVoxelSize.Z * stride, patchVoxelSize.Y * stride, patchVoxelSize.X * stride) : VoxelSize.Unknown;
        var map = Volume<float>.Allocate(new VolumeShape(d / stride, h / stride, w / stride), cells);
        foreach (var kp in keypoints)
            if (kp.Inside(d, h, w)) Add(map, stride, kp);
        return map;
    }

    /// <summary>Adds one keypoint (patch voxels) to a stride-<paramref name="stride"/> map by maximum.</summary>
    public static void Add(Volume<float> map, int stride, Keypoint kp)
    {
        // voxel index -> continuous coordinate (voxel centre at i + 0.5), then to the stride grid
        double cz = (kp.Z + 0.5) / stride, cy = (kp.Y + 0.5) / stride, cx = (kp.X + 0.5) / stride;
        double sigma = kp.Sigma / stride;
        if (!(sigma > 0)) return;
        double r = sigma * RadiusFactor;
        var (z0, z1) = Window(cz, r, map.D);
        var (y0, y1) = Window(cy, r, map.H);
        var (x0, x1) = Window(cx, r, map.W);
        if (z0 >= z1 || y0 >= y1 || x0 >= x1) return;

        int nz = z1 - z0, ny = y1 - y0, nx = x1 - x0;
        var g = new double[nz * ny * nx];
        double inv = -0.5 / (sigma * sigma), min = double.MaxValue, max = double.MinValue;
        int k = 0;
        for (int z = z0; z < z1; z++)
        {
            double dz = z + 0.5 - cz;
            for (int y = y0; y < y1; y++)
            {
                double dy = y + 0.5 - cy;
                for (int x = x0; x < x1; x++, k++)
                {
                    double dx = x + 0.5 - cx;
                    double v = Math.Exp(inv * (dz * dz + dy * dy + dx * dx));
                    g[k] = v;
                    if (v < min) min = v;
                    if (v > max) max = v;
                }
            }
        }
        double range = max - min;
        k = 0;
        for (int z = z0; z < z1; z++)
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++, k++)
                {
                    // a single-cell window has range 0 (the reference gets 0/0 = NaN there): it is the peak.
                    float v = range > 0 ? (float)((g[k] - min) / range) : 1f;
                    ref float cell = ref map[z, y, x];
                    if (v > cell) cell = v;
                }
    }

    /// <summary>lo = clip(round(c - R), 0, n), hi = clip(round(c + R), lo + 1, n), numpy rounding (half to even).</summary>
    internal static (int Lo, int Hi) Window(double c, double r, int n)
    {
        int lo = (int)Math.Clamp(Math.Round(c - r, MidpointRounding.ToEven), 0, n);
        int hi = (int)Math.Min(Math.Max(Math.Round(c + r, MidpointRounding.ToEven), lo + 1), n);
        return (lo, hi);
    }
}
