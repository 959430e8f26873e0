namespace MotorPick.Volumes.Intensity;

/// <summary>What a pass over a tomogram learned (docs/reference.md 2.3 steps 2-4 and 6).</summary>
public sealed record IntensityProfile
{
    /// <summary>Voxels counted.</summary>
    public required long Count { get; init; }

    /// <summary>Statistics of the values as loaded (after a load-time fix such as the competition +127, before the portal fix):
    /// the reference's <c>ori_tomo_min/max/mean/std</c>.</summary>
    public required double Min { get; init; }
    public required double Max { get; init; }
    public required double Mean { get; init; }

    /// <summary>Population standard deviation (numpy <c>std()</c>).</summary>
    public required double Std { get; init; }

    /// <summary>NaN voxels (excluded from min/max).</summary>
    public long NaNCount { get; init; }

    /// <summary>True when every value is integral.</summary>
    public required bool AllIntegral { get; init; }

    /// <summary><c>(-128 &lt;= min &lt;= max &lt;= 128) and all values integral</c> (docs/reference.md 2.3 step 3).</summary>
    public bool DetectedAsUInt8Range => AllIntegral && NaNCount == 0 && Min >= -128 && Max <= 128;

    /// <summary><c>numpy.histogram(v, 256, range=(min, max))</c> of the loaded values, when asked for.</summary>
    public long[]? Histogram { get; init; }

    /// <summary>Edges of <see cref="Histogram"/> (257 float32 values as float64).</summary>
    public double[]? HistogramEdges { get; init; }

    /// <summary>The fix applied to the values before the percentiles (portal fix only when detected).</summary>
    public QuantisationFix PercentileFix { get; init; }

    /// <summary>Requested percentiles (in %) of the fixed values, numpy linear method, in request order.</summary>
    public IReadOnlyList<(double Percent, double Value)> Percentiles { get; init; } = [];

    /// <summary>The value of percentile <paramref name="percent"/> (must have been requested).</summary>
    public double Percentile(double percent)
    {
        foreach (var (p, v) in Percentiles) if (p == percent) return v;
        throw new KeyNotFoundException($"percentile {percent} was not computed");
    }
}
