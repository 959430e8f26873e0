using System.Globalization;
using MotorPick.Core;
using MotorPick.Curation.Cvat;
using MotorPick.Curation.Review;
using MotorPick.Labels;
using MotorPick.Volumes;
using MotorPick.Volumes.Sources;

namespace MotorPick.Curation.Rendering;

/// <summary>
/// The reference's review image (viz_byu, docs/reference.md 6.3): one column for the labels (GT) and one per candidate;
/// each column stacks the slices z-8, z+8 and z around the column's point and the heatmap slice at z. The point gets
/// a circle of 1000 Å radius (thickness 3) on the z slice and the heatmap; the other points get the section of their
/// 1000 Å sphere on slice z. GT is red, predictions green; the caption sits on the heatmap panel. Beside colour
/// (red-green colour blindness), labels are solid circles marked "L" and candidates dashed circles marked "C", a cue
/// the reference does not have.
/// </summary>
public static class ReviewRenderer
{
    public const int NeighbourOffset = 8;
    public const int CircleThickness = 3;

    /// <summary>Renders every item, reading the tomograms of one data folder (<see cref="TomogramDirectory"/>).</summary>
    public static int RenderAll(string reviewDir, ReviewSet set, string dataDir, string? heatmapsDir, Action? onItem = null, CancellationToken ct = default)
    {
        // ids come from review.json: refuse a bad one before any folder is listed
        foreach (var item in set.Items) Identifiers.Check(item.TomoId, ReviewFile.PathIn(reviewDir), field: "tomo_id", what: "tomogram id");
        return RenderAll(reviewDir, set, TomogramDirectory.Open(dataDir), heatmapsDir, onItem, ct);
    }

    /// <summary>Renders every item of <paramref name="set"/> into <c>&lt;review&gt;/images/</c>, one atomic JPEG each.</summary>
    public static int RenderAll(string reviewDir, ReviewSet set, TomogramDirectory data, string? heatmapsDir, Action? onItem = null, CancellationToken ct = default)
    {
        var count = 0;
        foreach (var item in set.Items)
        {
            ct.ThrowIfCancellationRequested();
            using var slices = TomogramSlices.Open(data, item);
            var heat = heatmapsDir is null ? null : HeatmapFile.TryRead(Identifiers.Child(heatmapsDir, item.TomoId, ".npy"));
            var canvas = Render(item, slices.Read, heat);
            var path = ReviewFile.ImagePath(reviewDir, item);
            AtomicFile.WriteAllBytes(path, RgbJpeg.Encode(canvas, 95));
            count++;
            onItem?.Invoke();
        }
        return count;
    }

    /// <summary>Renders one item; <paramref name="slice"/> returns slice z as Y x X bytes.</summary>
    public static RgbCanvas Render(ReviewItem item, Func<int, byte[]> slice, Volume<float>? heatmap)
    {
        int zn = item.Shape.Z, yn = item.Shape.Y, xn = item.Shape.X;
        var columns = 1 + item.Candidates.Count;
        var canvas = new RgbCanvas(xn * columns, yn * 4);
        var r = (int)Math.Round(1000.0 / item.VoxelSpacing, MidpointRounding.ToEven);
        var gt = item.Labels.Count > 0 ? item.Labels[0] : (Point3?)null;
        for (var c = 0; c < columns; c++)
        {
            var isGt = c == 0;
            Point3? point = isGt ? gt : item.Candidates[c - 1].Point;
            var z = point is { } p ? (int)Math.Round(p.Z, MidpointRounding.ToEven) : zn / 2;
            z = Math.Clamp(z, 0, zn - 1);
            var x0 = c * xn;
            canvas.DrawGray(slice(Math.Max(z - NeighbourOffset, 0)), xn, yn, x0, 0);
            canvas.DrawGray(slice(Math.Min(z + NeighbourOffset, zn - 1)), xn, yn, x0, yn);
            canvas.DrawGray(slice(z), xn, yn, x0, 2 * yn);
            if (heatmap is not null) canvas.DrawRgb(HeatmapPanel.Render(heatmap, z, zn, yn, xn), x0, 3 * yn);

            foreach (var panelY in new[] { 2 * yn, 3 * yn })
            {
                var panel = new Panel(canvas, x0, panelY, xn, yn);
                if (point is { } own) panel.Mark(own, r, isLabel: isGt);
                // Sections of the other points' spheres on this slice: candidates in the GT column, labels in a candidate column.
                var others = isGt ? item.Candidates.Select(k => (k.Point, IsLabel: false)) : item.Labels.Select(l => (l, IsLabel: true));
                if (isGt) others = others.Concat(item.Labels.Skip(1).Select(l => (l, IsLabel: true)));
                foreach (var (o, isLabel) in others)
                {
                    var dz = o.Z - z;
                    var rr = (int)Math.Round(Math.Sqrt(Math.Max(0, (double)r * r - dz * dz)), MidpointRounding.ToEven);
                    if (rr > 0) panel.Mark(o, rr, isLabel);
                }
            }
            var caption = isGt
                ? point is { } g ? $"GT: {Coord(g)}" : "GT: none"
                : $"PRED {c - 1}: {Coord(point!.Value)} [{Math.Round(100 * item.Candidates[c - 1].Conf, MidpointRounding.ToEven).ToString(CultureInfo.InvariantCulture)}%]";
            canvas.DrawText(caption, x0 + 2, 3 * yn + 19, Math.Max(1, Math.Min(3, xn / 160)), Rgb.White);
        }
        return canvas;
    }

    /// <summary>One panel of a column: circles and their letters stay inside it.</summary>
    private readonly record struct Panel(RgbCanvas Canvas, int X0, int Y0, int Width, int Height)
    {
        /// <summary>A label: red, solid, "L"; a candidate: green, dashed, "C". The letter sits outside the circle's upper right.</summary>
        public void Mark(Point3 p, int radius, bool isLabel)
        {
            var colour = isLabel ? Rgb.Red : Rgb.Green;
            Canvas.DrawCircle(p.X, p.Y, radius, CircleThickness, colour, X0, Y0, Width, Height, dashed: !isLabel);
            var scale = Math.Max(1, Math.Min(3, Width / 160));
            var x = (int)Math.Round(p.X + 0.75 * radius + CircleThickness, MidpointRounding.ToEven);
            var y = (int)Math.Round(p.Y - 0.75 * radius - CircleThickness, MidpointRounding.ToEven) - 7 * scale;
            x = Math.Clamp(x, 0, Math.Max(0, Width - 5 * scale));
            y = Math.Clamp(y, 0, Math.Max(0, Height - 7 * scale));
            Canvas.DrawText(isLabel ? "L" : "C", X0 + x, Y0 + y, scale, colour);
        }
    }

    private static string Coord(Point3 p) => string.Join(' ', new[] { p.Z, p.Y, p.X }.Select(v => ((int)Math.Round(v, MidpointRounding.ToEven)).ToString(CultureInfo.InvariantCulture)));
}
