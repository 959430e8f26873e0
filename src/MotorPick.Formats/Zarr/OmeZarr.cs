using System.Text.Json;
using MotorPick.Core;
using MotorPick.Formats.Geometry;

namespace MotorPick.Formats.Zarr;

/// <summary>One resolution level of an OME-Zarr image.</summary>
/// <param name="Index">Position in the multiscales datasets list (0 = finest).</param>
/// <param name="Path">Array path inside the store ("0", "1", ...).</param>
/// <param name="VoxelSize">Voxel size in Angstrom from the scale transformation.</param>
/// <param name="Metadata">The level's .zarray.</param>
public sealed record OmeZarrLevel(int Index, string Path, VoxelSize VoxelSize, ZarrArrayMetadata Metadata)
{
    /// <summary>Shape (z, y, x) of the level.</summary>
    public VolumeShape Shape => new((int)Metadata.Shape[^3], (int)Metadata.Shape[^2], (int)Metadata.Shape[^1]);
}

/// <summary>
/// An OME-Zarr (NGFF 0.4 on zarr v2) multiscale image, or a plain zarr array at the root (one level, voxel size unknown).
/// Levels come from <c>.zattrs</c> multiscales[0].datasets; voxel sizes from their "scale" transformations (times a
/// global scale if present), converted to Angstrom from the axes' units (angstrom, nanometer, micrometer; none = Angstrom).
/// </summary>
public sealed class OmeZarr
{
    private OmeZarr(IChunkStore store, List<OmeZarrLevel> levels, string? name, string? version, List<string> warnings)
    {
        Store = store;
        Levels = levels;
        Name = name;
        Version = version;
        Warnings = warnings;
    }

    public IChunkStore Store { get; }

    /// <summary>Levels, finest first, as listed in .zattrs.</summary>
    public IReadOnlyList<OmeZarrLevel> Levels { get; }

    /// <summary>multiscales name, if any.</summary>
    public string? Name { get; }

    /// <summary>NGFF version string, if any ("0.4").</summary>
    public string? Version { get; }

    /// <summary>Oddities that did not stop reading (unexpected axis order, missing units).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Opens an OME-Zarr directory on disk.</summary>
    public static OmeZarr Open(string directory) => OpenAsync(new FileSystemChunkStore(directory)).GetAwaiter().GetResult();

    /// <summary>Reads .zattrs and every level's .zarray from <paramref name="store"/>.</summary>
    public static async Task<OmeZarr> OpenAsync(IChunkStore store, CancellationToken cancellationToken = default)
    {
        var attrs = await store.TryReadAsync(".zattrs", cancellationToken).ConfigureAwait(false);
        var warnings = new List<string>();
        if (attrs is null || !HasMultiscales(attrs, store.Describe(".zattrs")))
        {
            if (await store.TryReadAsync(".zarray", cancellationToken).ConfigureAwait(false) is { } zarray)
            {
                warnings.Add("no OME-Zarr multiscales: read as a plain zarr array with unknown voxel size");
                var meta = ZarrArrayMetadata.Parse(zarray, store.Describe(".zarray"));
                return new OmeZarr(store, [new OmeZarrLevel(0, "", VoxelSize.Unknown, meta)], null, null, warnings);
            }
            throw new MotorPickException(attrs is null
                ? "not an OME-Zarr image: neither .zattrs nor .zarray found"
                : "not an OME-Zarr image: .zattrs has no 'multiscales' and there is no .zarray", store.Describe(attrs is null ? "" : ".zattrs"));
        }

        List<(string Path, VoxelSize Size)> datasets;
        string? name, version;
        try
        {
            (datasets, name, version) = ParseMultiscales(attrs, store.Describe(".zattrs"), warnings);
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw new MotorPickException($"malformed multiscales in .zattrs: {ex.Message}", store.Describe(".zattrs"), inner: ex);
        }
        var levels = new List<OmeZarrLevel>();
        for (int i = 0; i < datasets.Count; i++)
        {
            var meta = await ZarrArray.ReadMetadataAsync(store, datasets[i].Path, cancellationToken).ConfigureAwait(false);
            if (meta.Shape.Length < 3)
                throw new MotorPickException($"level '{datasets[i].Path}' has {meta.Shape.Length} dimensions; a volume needs 3", store.Describe(datasets[i].Path + "/.zarray"), field: "shape");
            levels.Add(new OmeZarrLevel(i, datasets[i].Path, datasets[i].Size, meta));
        }
        return new OmeZarr(store, levels, name, version, warnings);
    }

    /// <summary>Opens level <paramref name="index"/> as an array (no I/O).</summary>
    public ZarrArray OpenLevel(int index, int maxDegreeOfParallelism = 0)
    {
        if (index < 0 || index >= Levels.Count)
            throw new MotorPickException($"level {index} does not exist; the image has levels 0-{Levels.Count - 1}", Store.Describe(".zattrs"));
        var level = Levels[index];
        return new ZarrArray(Store, level.Path, level.Metadata, level.VoxelSize)
        {
            MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount,
        };
    }

    /// <summary>The level whose x voxel size is nearest to <paramref name="voxelSizeA"/> (ties go to the finer level).</summary>
    public int NearestLevel(double voxelSizeA)
    {
        if (Levels.Any(l => !l.VoxelSize.IsKnown))
            throw new MotorPickException("cannot pick a level by voxel size: the image has no voxel sizes", Store.Describe(".zattrs"));
        int best = 0;
        for (int i = 1; i < Levels.Count; i++)
            if (Math.Abs(Levels[i].VoxelSize.X - voxelSizeA) < Math.Abs(Levels[best].VoxelSize.X - voxelSizeA) - 1e-9)
                best = i;
        return best;
    }

    private static bool HasMultiscales(byte[] attrs, string where)
    {
        try
        {
            using var doc = JsonDocument.Parse(attrs);
            JsonStrings.Require(doc.RootElement, where);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("multiscales", out _);
        }
        catch (JsonException ex)
        {
            throw new MotorPickException($"invalid JSON in .zattrs: {ex.Message}", where, inner: ex);
        }
    }

    private static (List<(string Path, VoxelSize Size)>, string?, string?) ParseMultiscales(byte[] attrs, string where, List<string> warnings)
    {
        using var doc = JsonDocument.Parse(attrs);
        var ms = doc.RootElement.GetProperty("multiscales");
        if (ms.ValueKind != JsonValueKind.Array || ms.GetArrayLength() == 0)
            throw new MotorPickException("'multiscales' is not a non-empty list", where, field: "multiscales");
        var m = ms[0];
        string? name = m.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        string? version = m.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        // Axis names and unit factors (to Angstrom) for the last three axes.
        double[] unit = [1, 1, 1];
        if (m.TryGetProperty("axes", out var axes) && axes.ValueKind == JsonValueKind.Array && axes.GetArrayLength() >= 3)
        {
            var list = axes.EnumerateArray().ToList();
            var last = list.Skip(list.Count - 3).ToList();
            var names = last.Select(a => a.ValueKind == JsonValueKind.String ? a.GetString() : a.TryGetProperty("name", out var an) ? an.GetString() : null).ToList();
            if (!names.SequenceEqual(["z", "y", "x"]))
                warnings.Add($"axes are named {string.Join(",", names)}; MotorPick reads the array as (z, y, x) in storage order");
            for (int i = 0; i < 3; i++)
            {
                string? u = last[i].ValueKind == JsonValueKind.Object && last[i].TryGetProperty("unit", out var au) ? au.GetString() : null;
                unit[i] = u switch
                {
                    "angstrom" => 1,
                    "nanometer" => 10,
                    "micrometer" => 1e4,
                    "picometer" => 0.01,
                    null => 1,
                    _ => throw new MotorPickException($"axis unit '{u}' is not a length unit MotorPick knows (angstrom, nanometer, micrometer)", where, field: "axes"),
                };
                if (u is null && i == 0) warnings.Add("axes have no unit; scales are taken as Angstrom");
            }
        }
        else warnings.Add("multiscales has no axes; the last three dimensions are taken as z, y, x in Angstrom");

        double[] global = Scale(m, where) ?? [1, 1, 1];
        if (!m.TryGetProperty("datasets", out var ds) || ds.ValueKind != JsonValueKind.Array || ds.GetArrayLength() == 0)
            throw new MotorPickException("multiscales[0] has no datasets", where, field: "datasets");
        var result = new List<(string, VoxelSize)>();
        foreach (var d in ds.EnumerateArray())
        {
            if (!d.TryGetProperty("path", out var p) || p.ValueKind != JsonValueKind.String)
                throw new MotorPickException("a dataset has no 'path'", where, field: "datasets");
            var path = p.GetString()!;
            // A dataset path is a key inside this image, under the one rule for relative paths from outside (Identifiers):
            // a .zattrs from elsewhere must not send the reader, or a mirror writing its keys, outside the store.
            if (!Identifiers.IsValidRelativePath(path))
                throw new MotorPickException($"dataset path {JsonSerializer.Serialize(path)} is not a key inside the image (a relative path without '..', '.', empty segments, '\\', ':' or control characters)", where, field: "datasets");
            var s = Scale(d, where);
            var size = s is null
                ? VoxelSize.Unknown
                : new VoxelSize(s[0] * global[0] * unit[0], s[1] * global[1] * unit[1], s[2] * global[2] * unit[2]);
            result.Add((path, size));
        }
        return (result, name, version);
    }

    /// <summary>The last three values of the "scale" coordinate transformation of <paramref name="owner"/>, or null.</summary>
    private static double[]? Scale(JsonElement owner, string where)
    {
        if (!owner.TryGetProperty("coordinateTransformations", out var cts) || cts.ValueKind != JsonValueKind.Array) return null;
        foreach (var ct in cts.EnumerateArray())
        {
            if (ct.TryGetProperty("type", out var t) && t.GetString() == "scale" && ct.TryGetProperty("scale", out var sc) && sc.ValueKind == JsonValueKind.Array)
            {
                var values = sc.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN).ToArray();
                if (values.Length < 3 || values.Any(x => !(x > 0)))
                    throw new MotorPickException($"scale {sc.GetRawText()} is not a list of positive numbers", where, field: "coordinateTransformations");
                return values[^3..];
            }
        }
        return null;
    }
}
