using MotorPick.Volumes.Intensity;

namespace MotorPick.Portal.Processing;

/// <summary>Which tomograms get the portal's wrong-quantisation fix (int8 values reinterpreted as uint8, docs/reference.md 2.4).</summary>
public enum QuantFixMode
{
    /// <summary>The reference: only the 43 listed <c>mba2011-02-16-*</c> runs, and only when detected_as_uint8_range.</summary>
    List,

    /// <summary>The list, plus any detected_as_uint8_range tomogram that <see cref="WrapDetector"/> finds wrapped.</summary>
    Auto,

    /// <summary>Never.</summary>
    None,
}

/// <summary>
/// Finds int8-range tomograms whose values were really uint8 (the "wrong quantile" defect). Real int8 data sits around
/// 0, so few voxels have <c>|v| &gt;= 64</c>; wrapped uint8 data (centred near 128) has most of its mass there, at both ends
/// of the int8 range. The rule: more than half of the voxels have <c>|v| &gt;= 64</c>, i.e. the uint8 reading of the
/// values is the more concentrated one. It uses only the raw 256-bin histogram the meta file stores.
/// </summary>
public static class WrapDetector
{
    public const double OuterShareThreshold = 0.5;

    /// <summary>Share of voxels whose bin centre has <c>|v| &gt;= 64</c>.</summary>
    public static double OuterShare(IReadOnlyList<long> histogram, IReadOnlyList<double> edges)
    {
        long outer = 0, total = 0;
        for (var i = 0; i < histogram.Count; i++)
        {
            var centre = (edges[i] + edges[i + 1]) / 2;
            total += histogram[i];
            if (Math.Abs(centre) >= 64) outer += histogram[i];
        }
        return total == 0 ? 0 : (double)outer / total;
    }

    public static bool LooksWrapped(IntensityProfile profile) =>
        profile.DetectedAsUInt8Range && profile.Histogram is { } h && profile.HistogramEdges is { } e && OuterShare(h, e) > OuterShareThreshold;

    /// <summary>Whether <paramref name="tomoId"/> gets the fix under <paramref name="mode"/>, given its raw profile.</summary>
    public static bool ShouldFix(QuantFixMode mode, string tomoId, IntensityProfile profile) => mode switch
    {
        QuantFixMode.None => false,
        QuantFixMode.List => profile.DetectedAsUInt8Range && Quantisation.PortalIds.Contains(tomoId),
        _ => profile.DetectedAsUInt8Range && (Quantisation.PortalIds.Contains(tomoId) || LooksWrapped(profile)),
    };
}
