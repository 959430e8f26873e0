using System.Collections.Frozen;
using System.Numerics;
using System.Runtime.InteropServices;

namespace MotorPick.Volumes.Intensity;

/// <summary>A fix for a wrongly quantised tomogram (docs/reference.md 2.4), applied to the raw values before anything else.</summary>
public enum QuantisationFix
{
    None,

    /// <summary>Competition JPEG stacks: <c>(v + 127) mod 256</c> on uint8 (numpy wrap-around; +127, not +128).</summary>
    CompetitionPlus127,

    /// <summary>Portal float32 tomograms holding int8 values: reinterpret as uint8, <c>((int)v) &amp; 0xFF</c>
    /// (-1 -> 255, -128 -> 128). The reference applies it only when the volume is <c>detected_as_uint8_range</c>.</summary>
    PortalInt8AsUInt8,
}

/// <summary>The reference's wrongly quantised tomograms, the fixes, and the histogram rule that finds them.</summary>
public static class Quantisation
{
    /// <summary>The 15 competition tomograms fixed by every JPEG loader of the reference (<c>byu/data/io.py</c>).</summary>
    public static FrozenSet<string> CompetitionIds { get; } = FrozenSet.ToFrozenSet(
    [
        "tomo_08bf73", "tomo_24a095", "tomo_37c426", "tomo_3a0914", "tomo_3b8291", "tomo_5b359d", "tomo_648adf",
        "tomo_67ff4e", "tomo_692081", "tomo_6b1fd3", "tomo_774aae", "tomo_9f918e", "tomo_ac4f0d", "tomo_b18127", "tomo_d8c917",
    ], StringComparer.Ordinal);

    /// <summary>The 43 external (CryoET Data Portal) tomograms, all <c>mba2011-02-16-*</c>, fixed by the download script.</summary>
    public static FrozenSet<string> PortalIds { get; } = FrozenSet.ToFrozenSet(
        new[] { 1, 106, 108, 11, 116, 12, 123, 129, 133, 139, 141, 145, 153, 155, 157, 160, 162, 17, 176, 19,
                26, 27, 28, 29, 32, 33, 34, 40, 42, 46, 48, 53, 55, 60, 64, 65, 67, 71, 75, 79, 88, 90, 95 }
            .Select(n => $"mba2011-02-16-{n}"), StringComparer.Ordinal);

    /// <summary>The fix the reference applies to <paramref name="tomoId"/> (by list membership only).</summary>
    public static QuantisationFix ForId(string tomoId) =>
        CompetitionIds.Contains(tomoId) ? QuantisationFix.CompetitionPlus127
        : PortalIds.Contains(tomoId) ? QuantisationFix.PortalInt8AsUInt8
        : QuantisationFix.None;

    /// <summary>Threshold of the detector: <c>sum(h[0:50]) / sum(h[50:256])</c> above it means "dark", i.e. wrongly quantised.</summary>
    public const double DarkRatioThreshold = 1.0;

    /// <summary><c>sum(h[0:50]) / sum(h[50:])</c> of a 256-bin uint8 histogram (infinity when the upper part is empty).</summary>
    public static double DarkRatio(ReadOnlySpan<long> histogram256)
    {
        if (histogram256.Length != 256) throw new ArgumentException("expected 256 bins", nameof(histogram256));
        long low = 0, high = 0;
        for (var i = 0; i < 50; i++) low += histogram256[i];
        for (var i = 50; i < 256; i++) high += histogram256[i];
        return high == 0 ? (low == 0 ? 0 : double.PositiveInfinity) : (double)low / high;
    }

    /// <summary>Threshold of the mirror rule: <c>sum(h[206:256]) / sum(h[0:206])</c> above it means "light".</summary>
    public const double LightRatioThreshold = 1.0;

    /// <summary>
    /// <c>sum(h[206:]) / sum(h[0:206])</c>, the mirror of <see cref="DarkRatio"/> (the top 50 grey levels over the rest):
    /// MotorPick's "too light" rule; the reference's notebook flagged only dark competition tomograms.
    /// </summary>
    public static double LightRatio(ReadOnlySpan<long> histogram256)
    {
        if (histogram256.Length != 256) throw new ArgumentException("expected 256 bins", nameof(histogram256));
        long low = 0, high = 0;
        for (var i = 0; i < 206; i++) low += histogram256[i];
        for (var i = 206; i < 256; i++) high += histogram256[i];
        return low == 0 ? (high == 0 ? 0 : double.PositiveInfinity) : (double)high / low;
    }

    /// <summary>The histogram rule of docs/reference.md 2.4 (histogram.ipynb): true when the tomogram looks wrongly quantised.</summary>
    public static bool LooksWronglyQuantised(ReadOnlySpan<long> histogram256) => DarkRatio(histogram256) > DarkRatioThreshold;

    /// <summary>Applies <paramref name="fix"/> in place to float values (integral for both fixes).</summary>
    public static void Apply(QuantisationFix fix, Span<float> values)
    {
        switch (fix)
        {
            case QuantisationFix.None:
                return;
            case QuantisationFix.CompetitionPlus127:
                // uint8 arithmetic: (v + 127) & 0xFF; values are integral 0..255 from a uint8 stack.
                foreach (ref var v in values) v = ((int)v + 127) & 0xFF;
                return;
            case QuantisationFix.PortalInt8AsUInt8:
                foreach (ref var v in values) v = (int)v & 0xFF;
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(fix));
        }
    }

    /// <summary>Applies <paramref name="fix"/> in place to uint8 values.</summary>
    public static void Apply(QuantisationFix fix, Span<byte> values)
    {
        if (fix != QuantisationFix.CompetitionPlus127) return; // the int8 reinterpretation is the identity on uint8
        var vectors = MemoryMarshal.Cast<byte, Vector<byte>>(values);
        var add = new Vector<byte>(127);
        for (var i = 0; i < vectors.Length; i++) vectors[i] += add;
        for (var i = vectors.Length * Vector<byte>.Count; i < values.Length; i++) values[i] = unchecked((byte)(values[i] + 127));
    }

    /// <summary>The value <paramref name="fix"/> maps integral <paramref name="v"/> to.</summary>
    public static int MapInteger(QuantisationFix fix, int v) => fix switch
    {
        QuantisationFix.CompetitionPlus127 => (v + 127) & 0xFF,
        QuantisationFix.PortalInt8AsUInt8 => v & 0xFF,
        _ => v,
    };
}
