using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MotorPick.Core;
using MotorPick.Labels.Points;
using MotorPick.Interop.Conventions;
using MotorPick.Interop.Sidecar;

namespace MotorPick.Interop.Formats;

/// <summary>
/// CryoET Data Portal point annotations (interfaces.md 1.8): one <c>{"type": "point", "location": {"x", "y", "z"}}</c>
/// per line, as the portal backend writes them (point_converter.Point.to_dict through ndjson.dump: Python's json.dumps
/// spacing), in voxels of the tomogram grid. Export mirrors the portal layout,
/// <c>&lt;run&gt;/VoxelSpacing{vs:.3f}/Annotations/&lt;object&gt;-1.0_point.ndjson</c>, next to the annotation metadata
/// JSON the portal keeps (<c>&lt;object&gt;-1.0.json</c>: annotation_object, object_count, files, ...). Candidates add a
/// <c>"score"</c> key per line (not part of the portal schema; the portal reader ignores unknown keys).
/// </summary>
public sealed partial class NdjsonFormat : IPickFormat
{
    private static readonly VoxelConvention Convention = new("CryoET Data Portal ndjson (x, y, z)");

    public InteropFormat Format => InteropFormat.Ndjson;

    public string ConventionText(ExportOptions o) =>
        "CryoET Data Portal ndjson: location x/y/z in voxels of the tomogram grid (voxel centres at integers), one point per line; score = conf for candidates";

    /// <summary>One line exactly as the portal writes a point (plus a score for candidates).</summary>
    public static string Line(XyzPoint v, double? score)
    {
        var point = new PyJson.Obj { { "type", "point" }, { "location", new PyJson.Obj { { "x", v.X }, { "y", v.Y }, { "z", v.Z } } } };
        if (score is { } s) point.Add("score", s);
        return PyJson.Serialize(point, allowNonFinite: false);
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Write(PickSet set, string outDir, ExportOptions o)
    {
        var files = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var t in set.Tomograms)
        {
            CopickNames.ValidateRun(t.TomoId);
            var dir = Path.Combine(t.TomoId, CopickFormat.VoxelSpacingDir(t.Geometry.VoxelSpacing), "Annotations");
            var name = $"{o.ObjectName}-1.0";
            var data = Path.Combine(dir, name + "_point.ndjson");
            var meta = Path.Combine(dir, name + ".json");
            var lines = t.Picks.Select(p => Line(Convention.FromVoxel(p.Point, t.Geometry), set.Kind == PickKind.Candidates ? p.Score ?? 1.0 : null) + "\n");
            AtomicFile.WriteAllText(Path.Combine(outDir, data), string.Concat(lines));
            AtomicFile.WriteAllText(Path.Combine(outDir, meta), Metadata(t, set.Kind, data.Replace('\\', '/')));
            files[t.TomoId] = [data, meta];
        }
        return files;
    }

    /// <summary>The portal's annotation metadata fields that MotorPick knows; authors and dates are left to the depositor.</summary>
    private static string Metadata(TomogramPicks t, PickKind kind, string dataPath) => PyJson.Serialize(new PyJson.Obj
    {
        { "annotation_object", new PyJson.Obj { { "id", CopickNames.MotorGoId }, { "name", CopickNames.MotorGoName } } },
        { "annotation_method", kind == PickKind.Labels ? "MotorPick labels (curated)" : "MotorPick candidates (3D U-Net heatmap)" },
        { "method_type", kind == PickKind.Labels ? "hybrid" : "automated" },
        { "ground_truth_status", kind == PickKind.Labels },
        { "annotation_software", "MotorPick" },
        { "version", "1.0" },
        { "object_count", t.Picks.Count },
        { "files", new[] { new PyJson.Obj { { "format", "ndjson" }, { "path", dataPath }, { "shape", "Point" }, { "is_visualization_default", true } } } },
    }, indent: 4, allowNonFinite: false) + "\n";

    public ForeignPicks Read(string input, ImportOptions o, GeometrySidecar? sidecar)
    {
        var root = Directory.Exists(input) ? Path.GetFullPath(input) : Path.GetDirectoryName(Path.GetFullPath(input))!;
        var files = Directory.Exists(input)
            ? Directory.EnumerateFiles(input, "*.ndjson", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : File.Exists(input) ? [input] : throw new MotorPickException("no such ndjson file or folder", input);
        if (files.Count == 0) throw new MotorPickException("no .ndjson files in the folder", input);
        if (o.TomoId is not null && files.Count > 1) throw new MotorPickException($"--tomo-id names one tomogram but the folder holds {files.Count} ndjson files", input);

        var byTomo = new Dictionary<string, string>(StringComparer.Ordinal);
        var tomograms = new List<ForeignTomogram>();
        var scored = false;
        foreach (var f in files)
        {
            var id = o.TomoId ?? SidecarTomo(sidecar, f) ?? TomoFromPath(f, root);
            if (!byTomo.TryAdd(id, f))
                throw new MotorPickException($"two point files for {id}: {byTomo[id]} and {f}; import one with --in <file>", input);
            var picks = ReadFile(f, ref scored);
            tomograms.Add(new ForeignTomogram(id, f, picks, Convention) { HintSpacing = SpacingFromPath(f) });
        }
        return new ForeignPicks(tomograms, scored, [$"read {files.Count} ndjson file(s)"]);
    }

    private static List<ForeignPick> ReadFile(string path, ref bool scored)
    {
        var points = NdjsonPoints.Read(path);
        if (points.Any(p => p.Score is not null)) scored = true;
        return points.Select(p => new ForeignPick(new XyzPoint(p.X, p.Y, p.Z), p.Score, $"line {p.Line}")).ToList();
    }

    private static string? SidecarTomo(GeometrySidecar? sidecar, string file)
    {
        if (sidecar is null) return null;
        var full = Path.GetFullPath(file);
        return sidecar.Tomograms.FirstOrDefault(t => t.Files.Any(f => full.EndsWith(Path.DirectorySeparatorChar + f, StringComparison.Ordinal)))?.TomoId;
    }

    /// <summary>The run folder above the portal's VoxelSpacing/Annotations folders, or the file name for a flat file.</summary>
    internal static string TomoFromPath(string file, string root)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(file));
        while (dir is not null && dir.Length >= root.Length)
        {
            var name = Path.GetFileName(dir);
            var structural = name is "Annotations" or "Reconstructions" || name.All(char.IsDigit) || SpacingDir().IsMatch(name);
            if (!structural && dir != root) return name;
            if (!structural) break;
            dir = Path.GetDirectoryName(dir);
        }
        var stem = Path.GetFileNameWithoutExtension(file);
        return stem.EndsWith("_point", StringComparison.Ordinal) ? stem[..^"_point".Length] : stem;
    }

    private static double? SpacingFromPath(string file)
    {
        foreach (var part in Path.GetFullPath(file).Split(Path.DirectorySeparatorChar).Reverse())
        {
            var m = SpacingDir().Match(part);
            if (m.Success) return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        return null;
    }

    [GeneratedRegex(@"^(?:Tomogram)?VoxelSpacing(\d+(?:\.\d+)?)$")]
    private static partial Regex SpacingDir();
}
