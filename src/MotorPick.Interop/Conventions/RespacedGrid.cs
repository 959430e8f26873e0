using System.Text.Json;
using MotorPick.Core;
using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Interop.Conventions;

/// <summary>
/// A tomogram stored re-spaced (external data at max(16 Å, original), docs/reference.md 2.3) and the original
/// portal grid it came from. Points map per axis with the reference's half-voxel rule (docs/reference.md 2.5,
/// also used by the portal ingest): <c>stored = (original + 0.5) · n_stored / n_original − 0.5</c>, which keeps the
/// volume's corners (−0.5 and n − 0.5) fixed, as the trilinear resize with align_corners=False does.
/// </summary>
public sealed record RespacedGrid(TomogramGeometry Stored, TomogramGeometry Original)
{
    public Point3 ToOriginal(Point3 p) => new(
        Map(p.Z, Stored.Shape.Z, Original.Shape.Z), Map(p.Y, Stored.Shape.Y, Original.Shape.Y), Map(p.X, Stored.Shape.X, Original.Shape.X));

    public Point3 ToStored(Point3 p) => new(
        Map(p.Z, Original.Shape.Z, Stored.Shape.Z), Map(p.Y, Original.Shape.Y, Stored.Shape.Y), Map(p.X, Original.Shape.X, Stored.Shape.X));

    private static double Map(double v, int from, int to) => (v + 0.5) * to / from - 0.5;

    /// <summary>The file name of a tomogram's meta JSON in the reference's <c>external/meta</c> folder.</summary>
    public static string MetaPath(string metaDir, string tomoId) => Core.Identifiers.Child(metaDir, tomoId, ".json");

    /// <summary>
    /// Reads <c>ori_spacing, ori_shape, target_spacing, target_shape</c> from <c>&lt;metaDir&gt;/&lt;tomo_id&gt;.json</c>
    /// (written by the reference's download script and MotorPick's portal ingest); null when the tomogram has no meta file.
    /// </summary>
    public static RespacedGrid? TryLoad(string metaDir, string tomoId)
    {
        if (!Directory.Exists(metaDir)) throw new MotorPickException("the --original-grid folder (the reference's meta/<tomo_id>.json files) does not exist", metaDir);
        var path = MetaPath(metaDir, tomoId);
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var ori = new TomogramGeometry(Shape(root, "ori_shape", path), Spacing(root, "ori_spacing", path));
            var stored = new TomogramGeometry(Shape(root, "target_shape", path), Spacing(root, "target_spacing", path));
            return new RespacedGrid(stored, ori);
        }
        catch (JsonException ex)
        {
            throw new MotorPickException($"not valid JSON: {ex.Message}", path, inner: ex);
        }
    }

    private static double Spacing(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.Number || !(v.GetDouble() > 0))
            throw new MotorPickException($"'{key}' must be a positive number (Å)", path, field: key);
        return v.GetDouble();
    }

    private static TomoShape Shape(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 3
            || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var n) || n <= 0))
            throw new MotorPickException($"'{key}' must be [Z, Y, X] positive integers", path, field: key);
        return new TomoShape(v[0].GetInt32(), v[1].GetInt32(), v[2].GetInt32());
    }
}
