using MotorPick.Core;

namespace MotorPick.Model.Data;

/// <summary>
/// Finds a tomogram under the data folder and returns it as uint8 at the target spacing, caching the result as
/// <c>&lt;cache&gt;/&lt;id&gt;@&lt;spacing&gt;A.npy</c> so that later runs skip decoding and re-spacing.
/// Looks for <c>&lt;data&gt;/&lt;id&gt;/</c> or <c>&lt;data&gt;/train/&lt;id&gt;/</c> (JPEG slices, the competition layout)
/// and <c>&lt;data&gt;/&lt;id&gt;.npy</c> (uint8 at the original spacing).
/// </summary>
public sealed class TomogramSource(string dataDir, string cacheDir)
{
    public string DataDir => dataDir;
    public string CacheDir => cacheDir;

    public string CachePath(string id, double targetSpacing) =>
        Path.Combine(cacheDir, $"{id}@{targetSpacing.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}A.npy");

    public Grid3<byte> Load(string id, double originalSpacing, double targetSpacing, out bool fromCache)
    {
        var cache = CachePath(id, targetSpacing);
        if (File.Exists(cache))
        {
            fromCache = true;
            return VolumeIo.ReadNpyUInt8(cache);
        }
        fromCache = false;
        var original = ReadOriginal(id);
        var spaced = Math.Abs(originalSpacing - targetSpacing) < 1e-9 ? original : VolumeIo.Respace(original, originalSpacing, targetSpacing);
        Directory.CreateDirectory(cacheDir);
        VolumeIo.WriteNpyUInt8(cache, spaced);
        return spaced;
    }

    private Grid3<byte> ReadOriginal(string id)
    {
        foreach (var dir in new[] { Path.Combine(dataDir, id), Path.Combine(dataDir, "train", id) })
            if (Directory.Exists(dir)) return VolumeIo.ReadJpegStack(dir);
        var npy = Path.Combine(dataDir, id + ".npy");
        if (File.Exists(npy)) return VolumeIo.ReadNpyUInt8(npy);
        throw new MotorPickException($"tomogram {id} not found: expected a folder of JPEG slices ({id}/ or train/{id}/) or {id}.npy", dataDir);
    }
}
