namespace MotorPick.Inference.Aggregation;

/// <summary>Number format of the aggregation buffers.</summary>
public enum HeatmapPrecision
{
    /// <summary>As the reference (fp16 buffers, fp16 model output under autocast): logits, sums, counts, the
    /// average and the sigmoid are rounded to IEEE half after each step, so decoding sees the reference's plateaus.</summary>
    Half,

    /// <summary>float32 throughout.</summary>
    Single,
}

/// <summary>fp16 rounding helpers.</summary>
public static class Fp16
{
    /// <summary>The float nearest to <paramref name="v"/> that an IEEE half holds (round to nearest even).</summary>
    public static float Round(float v) => (float)(Half)v;

    /// <summary>Rounds every value in place.</summary>
    public static void RoundAll(Span<float> values)
    {
        for (var i = 0; i < values.Length; i++) values[i] = (float)(Half)values[i];
    }
}
