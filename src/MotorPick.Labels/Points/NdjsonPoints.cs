using System.Text.Json;
using MotorPick.Core;

namespace MotorPick.Labels.Points;

/// <summary>One point of a portal annotation file: voxels (x, y, z) of the file's voxel spacing, an optional score, and its line.</summary>
public readonly record struct NdjsonPoint(double X, double Y, double Z, double? Score, int Line);

/// <summary>
/// The CryoET Data Portal's point annotation files (ndjson, interfaces.md 1.8): one JSON object per line with a point
/// <c>type</c> and <c>"location": {"x", "y", "z"}</c>; blank lines are allowed. Both the portal ingest and the
/// interop import read them here.
/// </summary>
public static class NdjsonPoints
{
    private static readonly HashSet<string> PointTypes = new(StringComparer.Ordinal) { "point", "orientedPoint", "instancePoint" };

    public static IReadOnlyList<NdjsonPoint> Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException ex) { throw new MotorPickException($"cannot read ({ex.Message})", path, inner: ex); }
        return Parse(text, path);
    }

    public static IReadOnlyList<NdjsonPoint> Parse(string text, string path)
    {
        var points = new List<NdjsonPoint>();
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
                JsonStrings.Require(root, path, i + 1);
                if (root.ValueKind != JsonValueKind.Object) throw new MotorPickException("expected one JSON object per line", path, i + 1);
                if (root.TryGetProperty("type", out var type) && (type.ValueKind != JsonValueKind.String || !PointTypes.Contains(type.GetString()!)))
                    throw new MotorPickException($"type {type.GetRawText()} is not a point type (point, orientedPoint, instancePoint)", path, i + 1, "type");
                if (!root.TryGetProperty("location", out var loc) || loc.ValueKind != JsonValueKind.Object)
                    throw new MotorPickException("missing 'location' object", path, i + 1, "location");
                double? score = root.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : null;
                points.Add(new NdjsonPoint(Coord(loc, "x", path, i + 1), Coord(loc, "y", path, i + 1), Coord(loc, "z", path, i + 1), score, i + 1));
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
}
