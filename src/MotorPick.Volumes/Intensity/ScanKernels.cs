using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MotorPick.Volumes.Intensity;

/// <summary>
/// The per-value work of <see cref="IntensityScanner"/>'s two passes over float data, eight lanes at a time where the CPU
/// has 256-bit vectors, with the plain loops beside them (<c>*Scalar</c>) that tests hold them to on the machine that runs
/// them. Counts and extremes are exact either way; sums are reassociated across lanes (the scanner's chunk merge already
/// reassociates them across threads).
/// </summary>
internal static class ScanKernels
{
    /// <summary>NaN-skipping extremes, sum, sum of squared deviations from the run's own mean (a second pass over the run,
    /// which is in cache: the one-pass <c>sumSq - sum*mean</c> cancels badly) and NaN count of <paramref name="values"/>,
    /// and <c>top[Key(v) &gt;&gt; 16]++</c> for every non-NaN value when <paramref name="top"/> is given.</summary>
    public static Moments Scan(ReadOnlySpan<float> values, long[]? top)
    {
        if (!Vector256.IsHardwareAccelerated || values.Length < 2 * Vector256<float>.Count) return ScanScalar(values, top);
        var vmin = Vector256.Create(float.PositiveInfinity);
        var vmax = Vector256.Create(float.NegativeInfinity);
        Vector256<double> s0 = default, s1 = default;
        long nan = 0;
        ref var start = ref MemoryMarshal.GetReference(values);
        var i = 0;
        for (; i + 8 <= values.Length; i += 8)
        {
            var v = Vector256.LoadUnsafe(ref start, (nuint)i);
            var ok = Vector256.Equals(v, v);
            vmin = Vector256.Min(vmin, Vector256.ConditionalSelect(ok, v, Vector256.Create(float.PositiveInfinity)));
            vmax = Vector256.Max(vmax, Vector256.ConditionalSelect(ok, v, Vector256.Create(float.NegativeInfinity)));
            var (d0, d1) = Vector256.Widen(Vector256.ConditionalSelect(ok, v, Vector256<float>.Zero));
            s0 += d0; s1 += d1;
            nan += 8 - BitOperations.PopCount(ok.ExtractMostSignificantBits());
        }
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        for (var k = 0; k < 8; k++)
        {
            min = Math.Min(min, vmin.GetElement(k));
            max = Math.Max(max, vmax.GetElement(k));
        }
        var sum = Vector256.Sum(s0 + s1);
        for (var k = i; k < values.Length; k++)
        {
            var v = values[k];
            if (float.IsNaN(v)) { nan++; continue; }
            if (v < min) min = v;
            if (v > max) max = v;
            sum += v;
        }
        var n = values.Length - nan;
        var mean = n > 0 ? sum / n : 0;
        var vmean = Vector256.Create(mean);
        Vector256<double> q0 = default, q1 = default;
        for (i = 0; i + 8 <= values.Length; i += 8)
        {
            var v = Vector256.LoadUnsafe(ref start, (nuint)i);
            var (d0, d1) = Vector256.Widen(v);
            d0 -= vmean; d1 -= vmean;
            // NaN lanes (v != v) contribute nothing
            var (ok0, ok1) = (Vector256.Equals(d0, d0), Vector256.Equals(d1, d1));
            q0 += Vector256.ConditionalSelect(ok0, d0 * d0, Vector256<double>.Zero);
            q1 += Vector256.ConditionalSelect(ok1, d1 * d1, Vector256<double>.Zero);
        }
        var m2 = Vector256.Sum(q0 + q1);
        for (; i < values.Length; i++)
            if (!float.IsNaN(values[i])) m2 += (values[i] - mean) * (values[i] - mean);
        if (top is not null) AddTop(values, top, nan > 0);
        return new Moments(min, max, sum, m2, nan);
    }

    /// <summary>The plain loops of <see cref="Scan"/>.</summary>
    public static Moments ScanScalar(ReadOnlySpan<float> values, long[]? top)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        double sum = 0;
        long nan = 0;
        foreach (var v in values)
        {
            if (float.IsNaN(v)) { nan++; continue; }
            if (v < min) min = v;
            if (v > max) max = v;
            sum += v;
            if (top is not null) top[FloatOrder.Key(v) >> 16]++;
        }
        var n = values.Length - nan;
        var mean = n > 0 ? sum / n : 0;
        double m2 = 0;
        foreach (var v in values)
            if (!float.IsNaN(v)) m2 += (v - mean) * (v - mean);
        return new Moments(min, max, sum, m2, nan);
    }

    private static void AddTop(ReadOnlySpan<float> values, long[] top, bool hasNaN)
    {
        if (hasNaN)
        {
            foreach (var v in values) if (!float.IsNaN(v)) top[FloatOrder.Key(v) >> 16]++;
            return;
        }
        foreach (var v in values) top[FloatOrder.Key(v) >> 16]++;
    }

    /// <summary>For every value whose key's upper 16 bits equal <c>buckets[j]</c>: <c>tables[j][key &amp; 0xFFFF]++</c>.
    /// Most values fall in no wanted bucket, so eight are tested at once and only a hit is looked at lane by lane.</summary>
    public static void CountInBuckets(ReadOnlySpan<float> values, int[] buckets, long[][] tables)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated && buckets.Length is > 0 and <= 8)
        {
            Span<Vector256<uint>> wanted = stackalloc Vector256<uint>[buckets.Length];
            for (var j = 0; j < buckets.Length; j++) wanted[j] = Vector256.Create((uint)buckets[j]);
            ref var start = ref MemoryMarshal.GetReference(values);
            for (; i + 8 <= values.Length; i += 8)
            {
                var hi = Keys(Vector256.LoadUnsafe(ref start, (nuint)i)) >> 16;
                var hit = Vector256.Equals(hi, wanted[0]);
                for (var j = 1; j < wanted.Length; j++) hit |= Vector256.Equals(hi, wanted[j]);
                if (hit == Vector256<uint>.Zero) continue;
                CountInBucketsScalar(values.Slice(i, 8), buckets, tables);
            }
        }
        CountInBucketsScalar(values[i..], buckets, tables);
    }

    /// <summary>The plain loop of <see cref="CountInBuckets"/>.</summary>
    public static void CountInBucketsScalar(ReadOnlySpan<float> values, int[] buckets, long[][] tables)
    {
        foreach (var v in values)
        {
            var key = FloatOrder.Key(v);
            var b = (int)(key >> 16);
            for (var j = 0; j < buckets.Length; j++)
                if (buckets[j] == b) { tables[j][key & 0xFFFF]++; break; }
        }
    }

    /// <summary><see cref="FloatOrder.Key"/> of eight values: negative floats have all bits flipped, others the sign bit set.</summary>
    private static Vector256<uint> Keys(Vector256<float> v)
    {
        var bits = v.AsUInt32();
        var negative = Vector256.ShiftRightArithmetic(v.AsInt32(), 31).AsUInt32();
        return bits ^ (negative | Vector256.Create(0x8000_0000u));
    }
}

/// <summary>Extremes, sum, sum of squared deviations from the run's mean (<paramref name="M2"/>) and NaN count of a run of values.</summary>
internal readonly record struct Moments(float Min, float Max, double Sum, double M2, long NaN);
