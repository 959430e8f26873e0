using MotorPick.Volumes;

namespace MotorPick.Curation.Rendering;

/// <summary>
/// The heatmap panel of a review image: the heatmap plane nearest tomogram slice z by proportion, resized bilinearly
/// (half-pixel centres, edges clamped) to the tomogram's slice size, in viridis. The review image draws whole panels;
/// the review server draws crops of them with the same taps, so both show the same values.
/// </summary>
public static class HeatmapPanel
{
    /// <summary>The heatmap plane shown with tomogram slice <paramref name="z"/> of <paramref name="tomoZ"/>.</summary>
    public static int PlaneFor(Volume<float> heatmap, int z, int tomoZ) =>
        Math.Min((int)Math.Round((double)z * heatmap.Shape.Z / tomoZ, MidpointRounding.ToEven), heatmap.Shape.Z - 1);

    /// <summary>The two heatmap cells pixel <paramref name="p"/> of <paramref name="pixels"/> blends, over
    /// <paramref name="cells"/> cells along the same axis, and the weight of the second.</summary>
    public static Tap AxisTap(int p, int pixels, int cells)
    {
        var s = Math.Clamp((p + 0.5) * cells / pixels - 0.5, 0, cells - 1);
        var lo = (int)s;
        return new Tap(lo, Math.Min(lo + 1, cells - 1), s - lo);
    }

    /// <summary>The bilinear value of plane <paramref name="k"/> at the taps <paramref name="y"/> and <paramref name="x"/>.</summary>
    public static double Sample(Volume<float> heatmap, int k, Tap y, Tap x) =>
        (1 - y.Weight) * ((1 - x.Weight) * heatmap[k, y.Lo, x.Lo] + x.Weight * heatmap[k, y.Lo, x.Hi])
        + y.Weight * ((1 - x.Weight) * heatmap[k, y.Hi, x.Lo] + x.Weight * heatmap[k, y.Hi, x.Hi]);

    /// <summary>The panel for tomogram slice <paramref name="z"/> of a <paramref name="tomoZ"/> x <paramref name="height"/> x
    /// <paramref name="width"/> tomogram.</summary>
    public static RgbCanvas Render(Volume<float> heatmap, int z, int tomoZ, int height, int width)
    {
        var k = PlaneFor(heatmap, z, tomoZ);
        var panel = new RgbCanvas(width, height);
        for (var py = 0; py < height; py++)
        {
            var y = AxisTap(py, height, heatmap.Shape.Y);
            for (var px = 0; px < width; px++)
                panel.Set(px, py, Viridis.Map(Sample(heatmap, k, y, AxisTap(px, width, heatmap.Shape.X))));
        }
        return panel;
    }

    /// <summary>One bilinear tap along an axis: cells <see cref="Lo"/> and <see cref="Hi"/>, <see cref="Weight"/> on Hi.</summary>
    public readonly record struct Tap(int Lo, int Hi, double Weight);
}
