namespace MotorPick.Volumes.Intensity;

/// <summary>numpy's default (<c>method="linear"</c>) percentile, given a way to fetch order statistics.</summary>
public static class NumpyPercentile
{
    /// <summary>The 0-based ranks (lower, upper) and weight numpy interpolates between for
    /// <paramref name="percent"/> of <paramref name="count"/> values: virtual index <c>(n-1)*(p/100)</c>.</summary>
    public static (long Lower, long Upper, double Gamma) Ranks(long count, double percent)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), "percentile of an empty volume");
        if (!(percent >= 0 && percent <= 100)) throw new ArgumentOutOfRangeException(nameof(percent), percent, "percentile must be in [0, 100]");
        var q = percent / 100.0;
        var virtualIndex = (count - 1) * q;
        if (virtualIndex >= count - 1) return (count - 1, count - 1, 0);
        var lower = (long)Math.Floor(virtualIndex);
        return (lower, lower + 1, virtualIndex - lower);
    }

    /// <summary>numpy's <c>_lerp</c> on float32 order statistics: <c>diff = float32(b - a)</c>, then in float64
    /// <c>a + diff*t</c>, or <c>b - diff*(1-t)</c> when <c>t &gt;= 0.5</c>.</summary>
    public static double Lerp(float a, float b, double t)
    {
        var diff = (double)(b - a);
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
