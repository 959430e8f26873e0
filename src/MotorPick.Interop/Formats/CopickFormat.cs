using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotorPick.Core;
using MotorPick.Interop.Conventions;
using MotorPick.Interop.Sidecar;
using MotorPick.Labels.Tables;

namespace MotorPick.Interop.Formats;

/// <summary>
/// copick projects (schema of copick/copick src/copick/models.py: CopickConfig, PickableObject, CopickPicksFile,
/// CopickPoint; layout of src/copick/impl/filesystem.py). Points are Å from voxel 0 in x, y, z; each carries a 4x4
/// transformation (identity: motors have no orientation), an instance id (0, copick's default) and a score (1.0 for
/// labels, conf for candidates).
/// </summary>
public sealed class CopickFormat : IPickFormat
{
    public const string ConfigName = "copick_config.json";

    private static readonly AngstromFromVoxelZero Convention = new("copick");

    public InteropFormat Format => InteropFormat.Copick;

    public string ConventionText(ExportOptions o) =>
        "copick: points in Å from the centre of voxel 0 (Å = voxel index × voxel_spacing), x/y/z; transformation identity; score = conf (1.0 for labels)";

    /// <summary>The picks file of a run, relative to the project root.</summary>
    public static string PicksPath(string run, string user, string session, string obj) =>
        Path.Combine("ExperimentRuns", run, "Picks", $"{user}_{session}_{obj}.json");

    /// <summary>copick's voxel-spacing folder name, <c>VoxelSpacing{vs:.3f}</c>.</summary>
    public static string VoxelSpacingDir(double vs) => "VoxelSpacing" + vs.ToString("F3", CultureInfo.InvariantCulture);

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Write(PickSet set, string outDir, ExportOptions o)
    {
        CopickNames.Validate(o.User, "user id");
        CopickNames.Validate(o.Session, "session id");
        CopickNames.Validate(o.ObjectName, "object name");
        foreach (var t in set.Tomograms) CopickNames.ValidateRun(t.TomoId);

        var files = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var t in set.Tomograms)
        {
            var rel = PicksPath(t.TomoId, o.User, o.Session, o.ObjectName);
            AtomicFile.WriteAllText(Path.Combine(outDir, rel), PicksJson(t, o, set.Kind));
            // An (empty) voxel-spacing folder tells copick the run's spacing.
            Directory.CreateDirectory(Path.Combine(outDir, "ExperimentRuns", t.TomoId, VoxelSpacingDir(t.Geometry.VoxelSpacing)));
            files[t.TomoId] = [rel];
        }
        WriteConfig(outDir, o);
        return files;
    }

    /// <summary>One picks file in copick's layout (keys in CopickPicksFile order, 4-space indent as copick's json.dump).</summary>
    public static string PicksJson(TomogramPicks t, ExportOptions o, PickKind kind)
    {
        var identity = Enumerable.Range(0, 4).Select(r => Enumerable.Range(0, 4).Select(c => r == c ? 1.0 : 0.0).ToList()).ToList();
        var points = t.Picks.Select(p =>
        {
            var a = Convention.FromVoxel(p.Point, t.Geometry);
            return new PyJson.Obj
            {
                { "location", new PyJson.Obj { { "x", a.X }, { "y", a.Y }, { "z", a.Z } } },
                { "transformation_", identity },
                { "instance_id", 0 },
                { "score", kind == PickKind.Candidates ? p.Score ?? 1.0 : 1.0 },
            };
        }).ToList();
        var file = new PyJson.Obj
        {
            { "pickable_object_name", o.ObjectName },
            { "user_id", o.User },
            { "session_id", o.Session },
            { "run_name", t.TomoId },
            { "voxel_spacing", t.Geometry.VoxelSpacing },
            { "unit", "angstrom" },
            { "points", points },
            { "trust_orientation", false },
        };
        return PyJson.Serialize(file, indent: 4, allowNonFinite: false) + "\n";
    }

    /// <summary>Creates the project config, or adds the motor object to an existing one (keeping everything else).</summary>
    private static void WriteConfig(string outDir, ExportOptions o)
    {
        var path = Path.Combine(outDir, ConfigName);
        JsonObject config;
        if (File.Exists(path))
        {
            try { config = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new MotorPickException("a copick config must be a JSON object", path); }
            catch (JsonException ex) { throw new MotorPickException($"not valid JSON: {ex.Message}", path, inner: ex); }
        }
        else
        {
            config = new JsonObject
            {
                ["name"] = "MotorPick motors",
                ["description"] = "Flagellar motor picks exported by MotorPick.",
                ["version"] = "0.5.0",
                ["pickable_objects"] = new JsonArray(),
                ["user_id"] = o.User,
                ["session_id"] = o.Session,
                ["config_type"] = "filesystem",
                ["overlay_root"] = "local://" + Path.GetFullPath(outDir).TrimEnd('/') + "/",
                ["overlay_fs_args"] = new JsonObject { ["auto_mkdir"] = true },
            };
        }
        if (config["pickable_objects"] is not JsonArray objects)
            throw new MotorPickException("the copick config has no 'pickable_objects' list", path, field: "pickable_objects");
        if (!objects.Any(n => n?["name"]?.GetValue<string>() == o.ObjectName))
        {
            var label = objects.Select(n => n?["label"]?.GetValue<int>() ?? 0).DefaultIfEmpty(0).Max() + 1;
            objects.Add(new JsonObject
            {
                ["name"] = o.ObjectName,
                ["is_particle"] = true,
                ["label"] = label,
                ["color"] = new JsonArray(CopickNames.MotorColor.Select(c => (JsonNode)c).ToArray()),
                ["identifier"] = CopickNames.MotorGoId,
                ["radius"] = JsonNode.Parse(PyFormat.Float(CopickNames.MotorRadius)),
                ["metadata"] = new JsonObject { ["description"] = CopickNames.MotorGoName, ["written_by"] = "MotorPick" },
            });
        }
        AtomicFile.WriteAllText(path, PyJson.Serialize(PyJson.FromNode(config), indent: 4, allowNonFinite: false) + "\n");
    }

    public ForeignPicks Read(string input, ImportOptions o, GeometrySidecar? sidecar)
    {
        var notes = new List<string>();
        var files = FindPicksFiles(input, o, notes);
        var tomograms = new List<ForeignTomogram>();
        var hasScores = false;
        foreach (var (run, runDir, file) in files)
        {
            var (t, scored) = ReadPicksFile(file, run, runDir);
            hasScores |= scored;
            tomograms.Add(t);
        }
        return new ForeignPicks(tomograms, hasScores, notes);
    }

    /// <summary>Reads one picks file; <paramref name="runDir"/> (if known) is searched for a tomogram's zarr array shape.</summary>
    public static (ForeignTomogram Tomogram, bool HasScores) ReadPicksFile(string file, string? run, string? runDir)
    {
        using var doc = ParseJson(file);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new MotorPickException("a copick picks file must be a JSON object", file);
        var unit = root.TryGetProperty("unit", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : "angstrom";
        if (unit != "angstrom") throw new MotorPickException($"unit is '{unit}'; copick picks are read in 'angstrom' only", file, field: "unit");
        var fileRun = root.TryGetProperty("run_name", out var rn) && rn.ValueKind == JsonValueKind.String ? rn.GetString() : null;
        var id = run ?? fileRun ?? throw new MotorPickException("the picks file names no run_name and is not inside ExperimentRuns/<run>/Picks", file, field: "run_name");
        double? vs = root.TryGetProperty("voxel_spacing", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        var picks = new List<ForeignPick>();
        var scored = false;
        if (root.TryGetProperty("points", out var pts) && pts.ValueKind != JsonValueKind.Null)
        {
            if (pts.ValueKind != JsonValueKind.Array) throw new MotorPickException("'points' must be a list", file, field: "points");
            var i = 0;
            foreach (var p in pts.EnumerateArray())
            {
                var where = $"point {i}";
                if (!p.TryGetProperty("location", out var loc) || loc.ValueKind != JsonValueKind.Object)
                    throw new MotorPickException($"{where} has no 'location'", file, field: $"points[{i}].location");
                var a = new XyzPoint(Num(loc, "x", file, i), Num(loc, "y", file, i), Num(loc, "z", file, i));
                // copick's own RELION export adds the transformation's translation to the location (src/copick/util/relion.py).
                if (p.TryGetProperty("transformation_", out var tr) && tr.ValueKind == JsonValueKind.Array)
                    a += Translation(tr, file, i);
                double? score = null;
                if (p.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number)
                {
                    score = s.GetDouble();
                    if (score != 1.0) scored = true;
                }
                picks.Add(new ForeignPick(a, score, where));
                i++;
            }
        }
        var t = new ForeignTomogram(id, file, picks, Convention)
        {
            FileSpacing = vs,
            FileShape = vs is { } spacing && runDir is not null ? ZarrShape(Path.Combine(runDir, VoxelSpacingDir(spacing))) : null,
            FileGeometrySource = file,
        };
        return (t, scored);
    }

    private static XyzPoint Translation(JsonElement tr, string file, int i)
    {
        var rows = tr.EnumerateArray().ToArray();
        if (rows.Length != 4 || rows.Any(r => r.ValueKind != JsonValueKind.Array || r.GetArrayLength() != 4))
            throw new MotorPickException("transformation_ must be a 4x4 matrix", file, field: $"points[{i}].transformation_");
        return new XyzPoint(rows[0][3].GetDouble(), rows[1][3].GetDouble(), rows[2][3].GetDouble());
    }

    private static double Num(JsonElement loc, string axis, string file, int i)
    {
        if (!loc.TryGetProperty(axis, out var v) || v.ValueKind != JsonValueKind.Number || !double.IsFinite(v.GetDouble()))
            throw new MotorPickException($"location.{axis} of point {i} is missing or not a number", file, field: $"points[{i}].location.{axis}");
        return v.GetDouble();
    }

    private static JsonDocument ParseJson(string file)
    {
        try { return JsonDocument.Parse(File.ReadAllText(file)); }
        catch (JsonException ex) { throw new MotorPickException($"not valid JSON: {ex.Message}", file, inner: ex); }
    }

    /// <summary>The shape (z, y, x) of scale 0 of the tomograms under a voxel-spacing folder, when they all agree (zarr v2 .zarray or v3 zarr.json).</summary>
    private static TomoShape? ZarrShape(string vsDir)
    {
        if (!Directory.Exists(vsDir)) return null;
        var shapes = new HashSet<TomoShape>();
        foreach (var zarr in Directory.EnumerateDirectories(vsDir, "*.zarr"))
        {
            foreach (var meta in new[] { Path.Combine(zarr, "0", ".zarray"), Path.Combine(zarr, "0", "zarr.json") })
            {
                if (!File.Exists(meta)) continue;
                using var doc = ParseJson(meta);
                if (doc.RootElement.TryGetProperty("shape", out var s) && s.ValueKind == JsonValueKind.Array && s.GetArrayLength() == 3)
                    shapes.Add(new TomoShape(s[0].GetInt32(), s[1].GetInt32(), s[2].GetInt32()));
            }
        }
        return shapes.Count == 1 ? shapes.First() : null;
    }

    /// <summary>The picks files to read: one per run, for the object and (if given) user and session.</summary>
    private static List<(string? Run, string? RunDir, string File)> FindPicksFiles(string input, ImportOptions o, List<string> notes)
    {
        if (File.Exists(input) && !IsConfig(input)) return [(RunOf(input), RunDirOf(input), input)];
        var roots = ProjectRoots(input);
        var found = new List<(string? Run, string? RunDir, string File)>();
        var runs = roots.Select(r => Path.Combine(r, "ExperimentRuns")).Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories).GroupBy(Path.GetFileName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var matches = new List<string>();
            foreach (var runDir in run)
            {
                var picksDir = Path.Combine(runDir, "Picks");
                if (!Directory.Exists(picksDir)) continue;
                foreach (var f in Directory.EnumerateFiles(picksDir, "*.json").Order(StringComparer.Ordinal))
                {
                    var parts = Path.GetFileNameWithoutExtension(f).Split('_');
                    if (parts.Length != 3 || parts[2] != o.ObjectName) continue;
                    if (o.User is not null && parts[0] != o.User) continue;
                    if (o.Session is not null && parts[1] != o.Session) continue;
                    matches.Add(f);
                }
            }
            if (matches.Count == 0) continue;
            if (matches.Count > 1)
                throw new MotorPickException(
                    $"run {run.Key} has {matches.Count} '{o.ObjectName}' pick sets ({string.Join(", ", matches.Select(Path.GetFileName))}); choose one with --user and --session", input);
            found.Add((run.Key, Path.GetDirectoryName(Path.GetDirectoryName(matches[0])), matches[0]));
        }
        if (found.Count == 0)
            throw new MotorPickException($"no ExperimentRuns/<run>/Picks/<user>_<session>_{o.ObjectName}.json files{(o.User is null ? "" : $" of user {o.User}")}{(o.Session is null ? "" : $" session {o.Session}")} in the copick project", input);
        notes.Add($"read {found.Count} copick pick file(s) of object {o.ObjectName}");
        return found;
    }

    private static bool IsConfig(string file)
    {
        if (!file.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return false;
        using var doc = ParseJson(file);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("pickable_objects", out _);
    }

    /// <summary>The overlay and static roots of a project given as a folder or a config file (local roots only; a moved project falls back to the config's folder).</summary>
    private static List<string> ProjectRoots(string input)
    {
        if (Directory.Exists(input)) return [input];
        if (!File.Exists(input)) throw new MotorPickException("no such copick project folder, config or picks file", input);
        var roots = new List<string>();
        using var doc = ParseJson(input);
        foreach (var key in new[] { "overlay_root", "static_root" })
        {
            if (doc.RootElement.TryGetProperty(key, out var r) && r.ValueKind == JsonValueKind.String)
            {
                var s = r.GetString()!;
                var local = s.StartsWith("local://", StringComparison.Ordinal) ? s["local://".Length..] : s.Contains("://", StringComparison.Ordinal) ? null : s;
                if (local is not null && Directory.Exists(Path.Combine(local, "ExperimentRuns"))) roots.Add(local);
            }
        }
        if (roots.Count == 0) roots.Add(Path.GetDirectoryName(Path.GetFullPath(input))!);
        return roots;
    }

    private static string? RunDirOf(string picksFile)
    {
        var picksDir = Path.GetDirectoryName(Path.GetFullPath(picksFile));
        return picksDir is not null && Path.GetFileName(picksDir) == "Picks" ? Path.GetDirectoryName(picksDir) : null;
    }

    private static string? RunOf(string picksFile) => RunDirOf(picksFile) is { } d ? Path.GetFileName(d) : null;
}
