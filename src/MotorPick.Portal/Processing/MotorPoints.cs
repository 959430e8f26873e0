using MotorPick.Core;
using MotorPick.Labels;
using MotorPick.Labels.Points;

namespace MotorPick.Portal.Processing;

/// <summary>A point of a portal annotation file, in voxels (x, y, z) of the file's voxel spacing.</summary>
public readonly record struct PortalPoint(double X, double Y, double Z);

/// <summary>
/// The portal's point annotation files (ndjson, interfaces.md 1.8): one JSON object per line with
/// <c>"location": {"x", "y", "z"}</c> in voxels of the annotation's voxel spacing; blank lines are allowed.
/// </summary>
public static class MotorPoints
{
    public static IReadOnlyList<PortalPoint> Read(string path) => Convert(NdjsonPoints.Read(path));

    public static IReadOnlyList<PortalPoint> Parse(string text, string path) => Convert(NdjsonPoints.Parse(text, path));

    private static PortalPoint[] Convert(IReadOnlyList<NdjsonPoint> points) => points.Select(p => new PortalPoint(p.X, p.Y, p.Z)).ToArray();

    /// <summary>
    /// Converts points of a file at <paramref name="fileSpacing"/> to competition labels (z, y, x) of the stored tomogram:
    /// first to voxels of the original tomogram (by spacing), bounds-checked against <paramref name="oriShape"/> (voxel
    /// centres 0..n-1, so -0.5..n-0.5 is inside), then with the half-voxel-centre rule of docs/reference.md 2.5,
    /// <c>(p + 0.5) * stored / ori - 0.5</c> per axis. Points outside are returned separately.
    /// </summary>
    public static (IReadOnlyList<Point3> Inside, IReadOnlyList<PortalPoint> Outside) ToStored(
        IReadOnlyList<PortalPoint> points, double fileSpacing, double tomogramSpacing, (int Z, int Y, int X) oriShape, (int Z, int Y, int X) storedShape)
    {
        var inside = new List<Point3>();
        var outside = new List<PortalPoint>();
        var f = fileSpacing / tomogramSpacing;
        foreach (var p in points)
        {
            double z = p.Z * f, y = p.Y * f, x = p.X * f;
            if (!In(z, oriShape.Z) || !In(y, oriShape.Y) || !In(x, oriShape.X)) { outside.Add(p); continue; }
            inside.Add(new Point3(
                (z + 0.5) * storedShape.Z / oriShape.Z - 0.5,
                (y + 0.5) * storedShape.Y / oriShape.Y - 0.5,
                (x + 0.5) * storedShape.X / oriShape.X - 0.5));
        }
        return (inside, outside);
    }

    private static bool In(double v, int n) => v >= -0.5 && v <= n - 0.5;
}
