using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Portal.Api;
using MotorPick.Volumes.Intensity;

namespace MotorPick.Portal.Processing;

/// <summary>
/// The per-tomogram meta file of the reference (<c>meta/&lt;run_name&gt;.json</c>, docs/reference.md 2.3 step 7): keys in its order,
/// values as its <c>json.dump</c> wrote them.
/// </summary>
public static class ReferenceMeta
{
    /// <summary>The 48 keys in the reference's order.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "tomo_id", "ori_spacing", .. PortalAttributes.All.Select(a => a.MetaKey),
        "ori_shape", "ori_dtype", "ori_histogram", "ori_histogram_bins", "ori_tomo_min", "ori_tomo_max", "ori_tomo_mean", "ori_tomo_std",
        "detected_as_uint8_range", "target_spacing", "target_shape",
    ];

    public static string MetaPath(string outDir, string tomoId) => Core.Identifiers.Child(Path.Combine(outDir, "meta"), tomoId, ".json");

    /// <summary>The meta document of one processed tomogram.</summary>
    public static List<KeyValuePair<string, object?>> Build(string tomoId, PortalTomogram tomogram, double oriSpacing, VolumeShape oriShape,
        VoxelType oriType, IntensityProfile profile, double targetSpacing, VolumeShape targetShape)
    {
        var meta = new List<KeyValuePair<string, object?>>
        {
            new("tomo_id", tomoId),
            new("ori_spacing", oriSpacing),
        };
        foreach (var a in PortalAttributes.All) meta.Add(new(a.MetaKey, tomogram.Attributes.TryGetValue(a.SnakeName, out var v) ? v : null));
        meta.Add(new("ori_shape", new long[] { oriShape.Z, oriShape.Y, oriShape.X }));
        meta.Add(new("ori_dtype", oriType.NumpyName()));
        meta.Add(new("ori_histogram", profile.Histogram ?? []));
        meta.Add(new("ori_histogram_bins", profile.HistogramEdges ?? []));
        meta.Add(new("ori_tomo_min", profile.Min));
        meta.Add(new("ori_tomo_max", profile.Max));
        meta.Add(new("ori_tomo_mean", profile.Mean));
        meta.Add(new("ori_tomo_std", profile.Std));
        meta.Add(new("detected_as_uint8_range", profile.DetectedAsUInt8Range));
        meta.Add(new("target_spacing", targetSpacing));
        meta.Add(new("target_shape", new long[] { targetShape.Z, targetShape.Y, targetShape.X }));
        return meta;
    }
}
