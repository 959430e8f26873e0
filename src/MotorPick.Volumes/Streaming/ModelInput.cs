using MotorPick.Formats.Voxels;
using MotorPick.Volumes.Caching;
using MotorPick.Volumes.Intensity;

namespace MotorPick.Volumes.Streaming;

/// <summary>
/// The grey levels a model reads: uint8, 0..255, as the competition's JPEG slices hold them. A uint8 tomogram is read as
/// it is; any other voxel type (a float32 MRC, a portal OME-Zarr, int16 data) is mapped to 0..255 by the reference's
/// percentile window (<see cref="PercentileWindow.Reference"/>), the rule its portal ingest applied to every external
/// tomogram, in the same pipeline as the re-spacing: what <c>train</c> and <c>predict</c> read from such a file is what the
/// ingest would have written for it at that spacing.
/// </summary>
public static class ModelInput
{
    /// <summary>The window a source of <paramref name="type"/> is normalised with (null: uint8, read as it is).</summary>
    public static PercentileWindow? Window(VoxelType type) => type == VoxelType.UInt8 ? null : PercentileWindow.Reference;

    /// <summary>The volume cache's method text for a source of <paramref name="type"/> after the quantisation fix <paramref name="fix"/>.</summary>
    public static string CacheMethod(QuantisationFix fix, VoxelType type) =>
        VolumeCacheKey.TorchTrilinearUInt8(fix) + (Window(type) is { } w ? $"/percentile={w.LowerPercent:R}-{w.UpperPercent:R}" : "");

    /// <summary>What a user is told when tomograms of other types were normalised.</summary>
    public static string Note(int count, IEnumerable<VoxelType> types) =>
        $"{count} tomogram(s) hold {string.Join(", ", types.Distinct().Select(t => t.NumpyName()))} values, not uint8 grey levels: they were mapped to " +
        "0..255 by the reference's percentile window (0.879 % to 99.064 %, as its portal ingest did) before re-spacing. " +
        "'motorpick volume convert IN OUT --normalize percentile --dtype uint8' does it once, for the same result at the model's spacing";
}
