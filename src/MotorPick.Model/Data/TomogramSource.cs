using MotorPick.Core;
using MotorPick.Formats.Common;
using MotorPick.Volumes.Caching;
using MotorPick.Volumes.Intensity;

namespace MotorPick.Model.Data;

/// <summary>
/// Finds a tomogram under the data folder and returns it as uint8 at the target spacing, through the
/// <see cref="VolumeCache"/> shared with predict (when one is given) so that later folds and runs skip decoding and re-spacing.
/// Looks for <c>&lt;data&gt;/&lt;id&gt;</c> and <c>&lt;data&gt;/train/&lt;id&gt;</c> (a JPEG slice folder — the competition
/// layout — or OME-Zarr), then <c>&lt;data&gt;/&lt;id&gt;.npy|.mrc|.zarr</c>.
/// </summary>
public sealed class TomogramSource(string dataDir, VolumeCache? cache)
{
    public string DataDir => dataDir;
    public VolumeCache? Cache => cache;

    public Grid3<byte> Load(string id, double originalSpacing, double targetSpacing, out bool fromCache)
    {
        var path = Find(id);
        fromCache = false;
        if (cache is null) return VolumeIo.ReadRespaced(path, originalSpacing, targetSpacing);
        var key = new VolumeCacheKey(path, originalSpacing, targetSpacing, VolumeCacheKey.TorchTrilinearUInt8(QuantisationFix.None));
        var (shape, data) = cache.GetOrCreate(key, () =>
        {
            var g = VolumeIo.ReadRespaced(path, originalSpacing, targetSpacing);
            return (new VolumeShape(g.D, g.H, g.W), g.Data);
        }, out fromCache);
        return new Grid3<byte>(shape.Z, shape.Y, shape.X, data);
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
