using System.Text.Json;
using MotorPick.Core;
using MotorPick.Interop.Conventions;
using MotorPick.Labels.Tables;

namespace MotorPick.Interop.Sidecar;

/// <summary>A tomogram entry of the sidecar: the grid its coordinates are in, and the stored grid when that differs (a re-spaced tomogram).</summary>
public sealed record SidecarTomogram(string TomoId, TomogramGeometry Grid, TomogramGeometry? Stored, IReadOnlyList<string> Files);

/// <summary>RELION settings an export used, so that an import can undo them.</summary>
public sealed record RelionSettings(CentreConvention Centre, double Binning);

/// <summary>
/// <c>motorpick-geometry.json</c>, written at the root of every export: the voxel spacing and shape assumed for
/// each tomogram (the formats either cannot hold the shape, like copick, the portal's ndjson and napari CSV, or hold
/// it in RELION's own units), the coordinate convention in words, and the kind of picks. Importers read it back.
/// </summary>
public sealed record GeometrySidecar(string Format, PickKind Kind, string Coordinates, IReadOnlyList<SidecarTomogram> Tomograms, RelionSettings? Relion = null)
{
    public const string FileName = "motorpick-geometry.json";

    public SidecarTomogram? Find(string tomoId) => Tomograms.FirstOrDefault(t => t.TomoId == tomoId);

    public string ToJson()
    {
        var root = new PyJson.Obj
        {
            { "written_by", "MotorPick" },
            { "format", Format },
            { "kind", Kind == PickKind.Labels ? "labels" : "candidates" },
            { "coordinates", Coordinates },
        };
        if (Relion is not null)
            root.Add("relion", new PyJson.Obj { { "centre_convention", CentreConventions.Name(Relion.Centre) }, { "binning", Relion.Binning } });
        root.Add("tomograms", Tomograms.Select(t =>
        {
            var o = new PyJson.Obj
            {
                { "tomo_id", t.TomoId },
                { "shape_zyx", new[] { t.Grid.Shape.Z, t.Grid.Shape.Y, t.Grid.Shape.X } },
                { "voxel_spacing", t.Grid.VoxelSpacing },
            };
            if (t.Stored is not null)
            {
                o.Add("stored_shape_zyx", new[] { t.Stored.Shape.Z, t.Stored.Shape.Y, t.Stored.Shape.X });
                o.Add("stored_voxel_spacing", t.Stored.VoxelSpacing);
            }
            o.Add("files", t.Files.ToList());
            return o;
        }).ToList());
        return PyJson.Serialize(root, indent: 2, allowNonFinite: false) + "\n";
    }

    public void Write(string dir) => AtomicFile.WriteAllText(System.IO.Path.Combine(dir, FileName), ToJson());

    /// <summary>The sidecar at or above <paramref name="input"/> (a file or folder; up to four folders up), or null.</summary>
    public static (GeometrySidecar Sidecar, string Path)? Locate(string input)
    {
        var dir = Directory.Exists(input) ? new DirectoryInfo(System.IO.Path.GetFullPath(input)) : new FileInfo(System.IO.Path.GetFullPath(input)).Directory;
        for (var i = 0; i < 5 && dir is not null; i++, dir = dir.Parent)
        {
            var path = System.IO.Path.Combine(dir.FullName, FileName);
            if (File.Exists(path)) return (Read(path), path);
        }
        return null;
    }

    public static GeometrySidecar Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var format = Str(root, "format", path);
            var kind = Str(root, "kind", path) switch
            {
                "labels" => PickKind.Labels,
                "candidates" => PickKind.Candidates,
                var k => throw new MotorPickException($"kind must be labels or candidates, found '{k}'", path, field: "kind"),
            };
            RelionSettings? relion = null;
            if (root.TryGetProperty("relion", out var r))
                relion = new RelionSettings(CentreConventions.Parse(Str(r, "centre_convention", path)), Num(r, "binning", path));
            var tomos = new List<SidecarTomogram>();
            if (!root.TryGetProperty("tomograms", out var arr) || arr.ValueKind != JsonValueKind.Array)
                throw new MotorPickException("missing 'tomograms' list", path, field: "tomograms");
            foreach (var t in arr.EnumerateArray())
            {
                var grid = new TomogramGeometry(Shape(t, "shape_zyx", path), Num(t, "voxel_spacing", path));
                TomogramGeometry? stored = t.TryGetProperty("stored_shape_zyx", out _)
                    ? new TomogramGeometry(Shape(t, "stored_shape_zyx", path), Num(t, "stored_voxel_spacing", path))
                    : null;
                var files = t.TryGetProperty("files", out var f) && f.ValueKind == JsonValueKind.Array
                    ? f.EnumerateArray().Select(e => e.GetString() ?? "").ToArray()
                    : [];
                tomos.Add(new SidecarTomogram(Str(t, "tomo_id", path), grid, stored, files));
            }
            var coords = root.TryGetProperty("coordinates", out var c) ? c.GetString() ?? "" : "";
            return new GeometrySidecar(format, kind, coords, tomos, relion);
        }
        catch (JsonException ex)
        {
            throw new MotorPickException($"not valid JSON: {ex.Message}", path, inner: ex);
        }
    }

    private static string Str(JsonElement e, string key, string path) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new MotorPickException($"'{key}' must be a string", path, field: key);

    private static double Num(JsonElement e, string key, string path) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.GetDouble() > 0 ? v.GetDouble() : throw new MotorPickException($"'{key}' must be a positive number", path, field: key);

    private static TomoShape Shape(JsonElement e, string key, string path)
    {
        if (!e.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 3
            || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number || !x.TryGetInt32(out var n) || n <= 0))
            throw new MotorPickException($"'{key}' must be [Z, Y, X] positive integers", path, field: key);
        return new TomoShape(v[0].GetInt32(), v[1].GetInt32(), v[2].GetInt32());
    }
}
