using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Volumes;
using MotorPick.Volumes.Caching;
using MotorPick.Volumes.Sources;

namespace MotorPick.Model.Data;

/// <summary>
/// Loads a tomogram of the data (<see cref="TomogramDirectory"/>: any format, one or more roots, the quantisation fix
/// applied) as uint8 at the target spacing, through the <see cref="VolumeCache"/> shared with predict (when one is given)
/// so that later folds and runs skip decoding and re-spacing. The cache key names the fix the data source applied, so a
/// volume cached before the fix reached training is never taken for the fixed one.
/// </summary>
public sealed class TomogramSource(TomogramDirectory data, VolumeCache? cache)
{
    public Volume<byte> Load(string id, double originalSpacing, double targetSpacing, out bool fromCache)
    {
        fromCache = false;
        using var reader = data.OpenVolume(id);
        if (cache is null) return VolumeIo.ReadRespaced(reader, originalSpacing, targetSpacing);
        var key = data.CacheKey(id, reader, originalSpacing, targetSpacing);
        var (shape, voxels) = cache.GetOrCreate(key, () =>
        {
            var v = VolumeIo.ReadRespaced(reader, originalSpacing, targetSpacing);
            return (v.Shape, v.Data);
        }, out fromCache);
        return new Volume<byte>(shape, VoxelSize.Isotropic(targetSpacing), voxels);
    }
}
