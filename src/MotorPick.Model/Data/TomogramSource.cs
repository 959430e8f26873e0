using MotorPick.Core;

namespace MotorPick.Model.Data;

/// <summary>
/// Finds a tomogram under the data folder and returns it as uint8 at the target spacing, caching the result as
/// <c>&lt;cache&gt;/&lt;id&gt;@&lt;spacing&gt;A.npy</c> so that later runs skip decoding and re-spacing.
/// Looks for <c>&lt;data&gt;/&lt;id&gt;</c> and <c>&lt;data&gt;/train/&lt;id&gt;</c> (a JPEG slice folder — the competition
/// layout — or OME-Zarr), then <c>&lt;data&gt;/&lt;id&gt;.npy|.mrc|.zarr</c>.
/// </summary>
public sealed class TomogramSource(string dataDir, string cacheDir)
{
    public string DataDir => dataDir;
    public string CacheDir => cacheDir;

    public string CachePath(string id, double targetSpacing) =>
        Identifiers.Child(cacheDir, id, $"@{targetSpacing.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}A.npy");

    public Grid3<byte> Load(string id, double originalSpacing, double targetSpacing, out bool fromCache)
    {
        var cache = CachePath(id, targetSpacing);
        if (File.Exists(cache))
        {
            fromCache = true;
            return VolumeIo.ReadNpyUInt8(cache);
        }
        fromCache = false;
        var spaced = VolumeIo.ReadRespaced(Find(id), originalSpacing, targetSpacing);
        Directory.CreateDirectory(cacheDir);
        VolumeIo.WriteNpyUInt8(cache, spaced);
        return spaced;
    }

    /// <summary>The path of tomogram <paramref name="id"/> under the data folder.</summary>
    public string Find(string id)
    {
        foreach (var dir in new[] { Identifiers.Child(dataDir, id), Identifiers.Child(Path.Combine(dataDir, "train"), id) })
            if (Directory.Exists(dir)) return dir;
        foreach (var ext in new[] { ".npy", ".mrc", ".zarr" })
        {
            var p = Identifiers.Child(dataDir, id, ext);
            if (File.Exists(p) || Directory.Exists(p)) return p;
        }
        throw new MotorPickException($"tomogram {id} not found: expected {id}/ or train/{id}/ (JPEG slices or OME-Zarr), or {id}.npy/.mrc/.zarr", dataDir);
    }
}
