using System.Text.Json;
using MotorPick.Core;
using MotorPick.Labels;

namespace MotorPick.Portal.Processing;

/// <summary>A point of a portal annotation file, in voxels (x, y, z) of the file's voxel spacing.</summary>
public readonly record struct PortalPoint(double X, double Y, double Z);

/// <summary>
/// The portal's point annotation files (ndjson, interfaces.md 1.8): one JSON object per line with
/// <c>"location": {"x", "y", "z"}</c> in voxels of the annotation's voxel spacing; blank lines are allowed.
/// </summary>
public static class MotorPoints
{
    private static readonly HashSet<string> PointTypes = new(StringComparer.Ordinal) { "point", "orientedPoint", "instancePoint" };

    public static IReadOnlyList<PortalPoint> Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException ex) { throw new MotorPickException($"cannot read ({ex.Message})", path, inner: ex); }
        return Parse(text, path);
    }

    public static IReadOnlyList<PortalPoint> Parse(string text, string path)
    {
        var points = new List<PortalPoint>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            JsonDocument doc;
            try { doc = JsonDocument.Parse(line); }
            catch (JsonException ex) { throw new MotorPickException($"not a JSON object: {ex.Message}", path, i + 1); }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new MotorPickException("expected a JSON object per line", path, i + 1);
                if (root.TryGetProperty("type", out var type) && (type.ValueKind != JsonValueKind.String || !PointTypes.Contains(type.GetString()!)))
                    throw new MotorPickException($"type {type.GetRawText()} is not a point type (point, orientedPoint, instancePoint)", path, i + 1, "type");
                if (!root.TryGetProperty("location", out var loc) || loc.ValueKind != JsonValueKind.Object)
                    throw new MotorPickException("missing 'location' object", path, i + 1, "location");
                points.Add(new PortalPoint(Coord(loc, "x", path, i + 1), Coord(loc, "y", path, i + 1), Coord(loc, "z", path, i + 1)));
            }
        }
        return points;
    }

    private static double Coord(JsonElement loc, string axis, string path, int line)
    {
        if (!loc.TryGetProperty(axis, out var v) || v.ValueKind != JsonValueKind.Number)
            throw new MotorPickException($"location.{axis} is missing or not a number", path, line, "location." + axis);
        var d = v.GetDouble();
        if (!double.IsFinite(d)) throw new MotorPickException($"location.{axis} is not finite", path, line, "location." + axis);
        return d;
    }

    /// <summary>
    /// Converts points of a file at <paramref name="fileSpacing"/> to competition labels (z, y, x) of the stored tomogram:
    /// first to voxels of the original tomogram (by spacing), bounds-checked against <paramref name="oriShape"/> (voxel
    /// centres 0..n-1, so -0.5..n-0.5 is inside), then with the half-voxel-centre rule of reference 2.5,
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
