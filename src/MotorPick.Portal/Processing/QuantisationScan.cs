using MotorPick.Core;
using MotorPick.Portal.Metadata;
using MotorPick.Volumes.Histograms;
using MotorPick.Volumes.Intensity;

namespace MotorPick.Portal.Processing;

/// <summary>How a tomogram's histogram looks: as expected, or the look of a wrongly quantised volume.</summary>
public enum IntensityLook
{
    Normal,
    TooDark,
    TooLight,
}

/// <summary>One tomogram's verdict: where its histogram came from, the statistic and rule that decided, and how it
/// stands against the candidate list (tatamikenn's irregular labels, when given) and the reference's fix lists.</summary>
public sealed record ScanEntry(string TomoId, string Source, IntensityLook Look, double Statistic, string Rule, bool? Irregular, bool OnFixList)
{
    public bool Flagged => Look != IntensityLook.Normal;
}

/// <summary>
/// The "too light / too dark" candidate step of the reference (histogram.ipynb and histogram_external.ipynb, reference 2.4),
/// from histogram files, so that the quantisation fix lists can be rebuilt from data rather than taken as given.
/// <list type="bullet">
/// <item>uint8 histograms of JPEG stacks (<c>histogram.json</c>): too dark when <c>sum(h[:50]) / sum(h[50:]) &gt; 1</c> (the
/// reference's rule, which gives exactly its 15 competition ids), too light when <c>sum(h[206:]) / sum(h[:206]) &gt; 1</c>.</item>
/// <item>raw portal histograms (<c>meta/&lt;run&gt;.json</c>: <c>ori_histogram</c> over [min, max], before any fix): an int8-range
/// tomogram whose values are really uint8 has most voxels at |v| &gt;= 64 (<see cref="WrapDetector"/>); it is too dark
/// when more of them are negative (true values &gt;= 128 wrapped below zero, which the percentile clip shows black), else too light.</item>
/// </list>
/// The notebooks' own light/dark rule for portal data is not among the reference facts (its 43 ids were then chosen by eye from
/// the candidates), so the portal rule is MotorPick's.
/// </summary>
public static class QuantisationScan
{
    public static ScanEntry OfUInt8(TomogramHistogram h, string source, IReadOnlySet<string>? irregular)
    {
        var dark = Quantisation.DarkRatio(h.Hist);
        var light = Quantisation.LightRatio(h.Hist);
        var (look, stat, rule) = dark > Quantisation.DarkRatioThreshold ? (IntensityLook.TooDark, dark, "sum(h[:50])/sum(h[50:]) > 1")
            : light > Quantisation.LightRatioThreshold ? (IntensityLook.TooLight, light, "sum(h[206:])/sum(h[:206]) > 1")
            : (IntensityLook.Normal, Math.Max(dark, light), "max(dark, light ratio) <= 1");
        return new ScanEntry(h.TomoId, source, look, stat, rule, irregular?.Contains(h.TomoId), Quantisation.CompetitionIds.Contains(h.TomoId));
    }

    public static ScanEntry OfMeta(MetaRecord m, IReadOnlySet<string>? irregular)
    {
        var hist = Numbers(m, "ori_histogram").Select(v => (long)v).ToArray();
        var edges = Numbers(m, "ori_histogram_bins");
        if (edges.Length != hist.Length + 1)
            throw new MotorPickException($"ori_histogram_bins has {edges.Length} edges for {hist.Length} bins; expected one more edge than bins", m.Path, field: "ori_histogram_bins");
        var inRange = m.Get("detected_as_uint8_range") is true;
        var outer = WrapDetector.OuterShare(hist, edges);
        IntensityLook look;
        string rule;
        if (!inRange || outer <= WrapDetector.OuterShareThreshold)
        {
            look = IntensityLook.Normal;
            rule = inRange ? "share of |v| >= 64 <= 0.5" : "not detected_as_uint8_range";
        }
        else
        {
            var (negative, positive) = Tails(hist, edges);
            look = negative > positive ? IntensityLook.TooDark : IntensityLook.TooLight;
            rule = look == IntensityLook.TooDark ? "share of |v| >= 64 > 0.5, mostly v <= -64" : "share of |v| >= 64 > 0.5, mostly v >= 64";
        }
        return new ScanEntry(m.TomoId, m.Path, look, outer, rule, irregular?.Contains(m.TomoId), Quantisation.PortalIds.Contains(m.TomoId));
    }

    /// <summary>Every tomogram of the given histogram.json files and meta directories, in that order (each sorted by tomo_id).</summary>
    public static IReadOnlyList<ScanEntry> Scan(IEnumerable<string> histogramFiles, IEnumerable<string> metaDirs, IReadOnlySet<string>? irregular)
    {
        var entries = new List<ScanEntry>();
        foreach (var file in histogramFiles)
            entries.AddRange(HistogramJson.Read(file).OrderBy(h => h.TomoId, StringComparer.Ordinal).Select(h => OfUInt8(h, file, irregular)));
        foreach (var dir in metaDirs)
            entries.AddRange(MetaDirectory.ReadAll(dir).Select(m => OfMeta(m, irregular)));
        return entries;
    }

    /// <summary>Voxels in bins centred at v &lt;= -64 and at v &gt;= 64.</summary>
    private static (long Negative, long Positive) Tails(long[] hist, double[] edges)
    {
        long neg = 0, pos = 0;
        for (var i = 0; i < hist.Length; i++)
        {
            var centre = (edges[i] + edges[i + 1]) / 2;
            if (centre <= -64) neg += hist[i];
            else if (centre >= 64) pos += hist[i];
        }
        return (neg, pos);
    }

    private static double[] Numbers(MetaRecord m, string key) => m.Get(key) is List<object?> list
        ? list.Select(v => v switch
        {
            long l => l,
            double d => d,
            _ => throw new MotorPickException($"'{key}' must be a list of numbers", m.Path, field: key),
        }).ToArray()
        : throw new MotorPickException($"'{key}' must be a list of numbers", m.Path, field: key);
}
