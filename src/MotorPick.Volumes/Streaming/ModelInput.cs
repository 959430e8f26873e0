using System.Numerics;
using System.Runtime.InteropServices;
using MotorPick.Formats.Access;
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

    /// <summary>
    /// The pipeline a model's input goes through, for training and prediction alike (they share cache entries, so they
    /// must compute the same bytes): the quantisation fix, the <paramref name="window"/> when there is one, and re-spacing
    /// from <paramref name="oriSpacing"/> to <paramref name="targetSpacing"/>, skipped when the two are equal as the
    /// reference skips F.interpolate.
    /// </summary>
    public static VolumePipelineOptions PipelineOptions(PercentileWindow? window, double oriSpacing, double targetSpacing,
        QuantisationFix fix = QuantisationFix.None, int maxDegreeOfParallelism = -1) => new()
    {
        TargetVoxelSize = oriSpacing == targetSpacing ? null : targetSpacing,
        SourceVoxelSize = Formats.Geometry.VoxelSize.Isotropic(oriSpacing),
        LoadFix = fix,
        Normalize = window,
        MaxDegreeOfParallelism = maxDegreeOfParallelism,
    };

    /// <summary>The volume cache's method text for a source of <paramref name="type"/> after the quantisation fix <paramref name="fix"/>.</summary>
    public static string CacheMethod(QuantisationFix fix, VoxelType type) =>
        VolumeCacheKey.TorchTrilinearUInt8(fix) + (Window(type) is { } w ? $"/percentile={w.LowerPercent:R}-{w.UpperPercent:R}" : "");

    /// <summary>The window of <paramref name="reader"/>'s values (its percentiles), or null when it is uint8 and read as it is.</summary>
    public static (double Lower, double Upper)? WindowOf(IVolumeReader reader, int maxDegreeOfParallelism = -1)
    {
        if (Window(reader.VoxelType) is not { } w) return null;
        var profile = IntensityScanner.Scan(reader, new IntensityScanOptions { Percentiles = [w.LowerPercent, w.UpperPercent], MaxDegreeOfParallelism = maxDegreeOfParallelism });
        return (profile.Percentile(w.LowerPercent), profile.Percentile(w.UpperPercent));
    }

    /// <summary>
    /// Grey levels of <paramref name="values"/> (normalised in place) under the window: the pipeline's own arithmetic,
    /// <see cref="Normalize"/> then <c>trunc(255 x)</c>, so a slice shown on its own has the bytes a converted volume holds.
    /// </summary>
    public static void ToGreyLevels(Span<float> values, (double Lower, double Upper) window, Span<byte> destination)
    {
        Normalize(values, window.Lower, window.Upper);
        UInt8Conversion.Convert(values, destination, 255f, roundToHalf: false);
    }

    /// <summary>numpy: <c>(clip(v, lo, hi) - lo) / (hi - lo)</c> on float32 with float64 percentiles, which numpy casts to
    /// float32 (the range is subtracted in float64 first).</summary>
    internal static void Normalize(Span<float> values, double lower, double upper)
    {
        var lo = (float)lower;
        var hi = (float)upper;
        var range = (float)(upper - lower);
        var v = MemoryMarshal.Cast<float, Vector<float>>(values);
        var vlo = new Vector<float>(lo);
        var vhi = new Vector<float>(hi);
        var vr = new Vector<float>(range);
        for (var i = 0; i < v.Length; i++) v[i] = (Vector.Min(Vector.Max(v[i], vlo), vhi) - vlo) / vr;
        for (var i = v.Length * Vector<float>.Count; i < values.Length; i++) values[i] = (Math.Min(Math.Max(values[i], lo), hi) - lo) / range;
    }

    /// <summary>What a user is told when tomograms of other types were normalised.</summary>
    public static string Note(int count, IEnumerable<VoxelType> types) =>
        $"{count} tomogram(s) hold {string.Join(", ", types.Distinct().Select(t => t.NumpyName()))} values, not uint8 grey levels: they were mapped to " +
        "0..255 by the reference's percentile window (0.879 % to 99.064 %, as its portal ingest did) before re-spacing. " +
        "'motorpick volume convert IN OUT --normalize percentile --dtype uint8' does it once, for the same result at the model's spacing";
}
