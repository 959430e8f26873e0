using System.Globalization;
using System.Text.Json;
using MotorPick.Core;
using MotorPick.Volumes.Files;

namespace MotorPick.Volumes.Sources;

/// <summary>
/// The tomograms of a copick project (layout of copick/copick src/copick/impl/filesystem.py): the config
/// <c>copick_config.json</c> names <c>static_root</c> and <c>overlay_root</c> (<c>local:///path</c> or a path), under which
/// each run keeps <c>ExperimentRuns/&lt;run&gt;/VoxelSpacing&lt;vs&gt;/&lt;type&gt;.zarr</c>. Each run gives one tomogram, named
/// after the run: the finest voxel spacing, of the one tomogram type it holds (or the type asked for).
/// </summary>
public static class CopickTomograms
{
    public const string ConfigName = "copick_config.json";

    public static IReadOnlyList<TomogramEntry> List(string configPath, string root, string? tomogramType)
    {
        var projectDirs = Roots(configPath);
        var byRun = new SortedDictionary<string, List<(double Spacing, string Type, string Path)>>(StringComparer.Ordinal);
        foreach (var dir in projectDirs)
        {
            var runs = Path.Combine(dir, "ExperimentRuns");
            if (!Directory.Exists(runs)) continue;
            foreach (var run in Directory.EnumerateDirectories(runs))
            {
                var name = Identifiers.Check(Path.GetFileName(run), run, field: "run", what: "copick run name");
                foreach (var vsDir in Directory.EnumerateDirectories(run, "VoxelSpacing*"))
                {
                    if (!double.TryParse(Path.GetFileName(vsDir)["VoxelSpacing".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var vs)) continue;
                    foreach (var zarr in Directory.EnumerateDirectories(vsDir, "*.zarr"))
                    {
                        var type = Path.GetFileNameWithoutExtension(zarr);
                        if (tomogramType is null || type == tomogramType)
                            (byRun.TryGetValue(name, out var l) ? l : byRun[name] = []).Add((vs, type, zarr));
                    }
                }
            }
        }
        var entries = new List<TomogramEntry>();
        foreach (var (run, found) in byRun)
        {
            var finest = found.Min(f => f.Spacing);
            var atFinest = found.Where(f => f.Spacing == finest).DistinctBy(f => f.Type).ToList();
            if (atFinest.Count > 1)
                throw new MotorPickException($"copick run {run} holds several tomogram types ({string.Join(", ", atFinest.Select(f => f.Type).Order(StringComparer.Ordinal))}); " +
                    "choose one with --copick-tomogram", configPath, field: "tomogram type");
            entries.Add(new TomogramEntry(run, atFinest[0].Path, VolumeFormat.OmeZarr, root));
        }
        if (entries.Count == 0)
            throw new MotorPickException("the copick project has no tomograms (ExperimentRuns/<run>/VoxelSpacing<vs>/<type>.zarr)" +
                (tomogramType is null ? "" : $" of type '{tomogramType}'"), configPath);
        return entries;
    }

    /// <summary>The project folders the config names (overlay first), relative ones taken from the config's folder;
    /// the config's own folder when it names none.</summary>
    private static IReadOnlyList<string> Roots(string configPath)
    {
        var here = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        JsonElement config;
        try
        {
            config = JsonDocument.Parse(File.ReadAllText(configPath)).RootElement;
        }
        catch (JsonException e)
        {
            throw new MotorPickException($"not valid JSON: {e.Message}", configPath);
        }
        var roots = new List<string>();
        foreach (var key in new[] { "overlay_root", "static_root" })
        {
            if (config.ValueKind != JsonValueKind.Object || !config.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) continue;
            if (v.ValueKind != JsonValueKind.String) throw new MotorPickException("expected a string (local:///path or a path)", configPath, field: key);
            var text = v.GetString()!;
            if (text.Contains("://", StringComparison.Ordinal) && !text.StartsWith("local://", StringComparison.Ordinal))
                throw new MotorPickException($"only local copick roots are read (local:///path), not '{text}'", configPath, field: key);
            var path = text.StartsWith("local://", StringComparison.Ordinal) ? text["local://".Length..] : text;
            roots.Add(Path.GetFullPath(path, here));
        }
        return roots.Count > 0 ? roots.Distinct().ToList() : [here];
    }
}
