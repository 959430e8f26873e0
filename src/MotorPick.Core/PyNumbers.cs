namespace MotorPick.Core;

/// <summary>Numeric helpers with numpy's semantics, used wherever the reference's numbers must be reproduced exactly.</summary>
public static class PyNumbers
{
    /// <summary>numpy's default (linear) quantile of already sorted values: <c>h = (n-1)q</c>, interpolate between order statistics.</summary>
    public static double QuantileSorted(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) throw new ArgumentException("quantile of an empty list", nameof(sorted));
        if (q < 0 || q > 1) throw new ArgumentOutOfRangeException(nameof(q), q, "quantile must be in [0, 1]");
        var h = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        var frac = h - lo;
        // numpy's _lerp: a + (b - a) * t, with the t >= 0.5 branch b - (b - a) * (1 - t) for exactness at the ends.
        var a = sorted[lo];
        var b = sorted[hi];
        var diff = b - a;
        return frac >= 0.5 ? b - diff * (1 - frac) : a + diff * frac;
    }

    /// <summary>numpy's linear quantile of unsorted values.</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return QuantileSorted(sorted, q);
    }
}
