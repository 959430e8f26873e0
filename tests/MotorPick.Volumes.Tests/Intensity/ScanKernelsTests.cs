using MotorPick.Volumes.Intensity;

namespace MotorPick.Volumes.Tests.Intensity;

/// <summary>The vector kernels of the intensity scan against their plain loops, on this machine's CPU.</summary>
public class ScanKernelsTests
{
    private static float[] Values(int seed, int n, bool specials)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (var i = 0; i < n; i++) v[i] = (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-6, 6)));
        if (specials)
            foreach (var s in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, float.NaN })
                v[rng.Next(n)] = s;
        return v;
    }

    [Theory]
    [InlineData(1, 65536, false)]
    [InlineData(2, 65536, true)]
    [InlineData(3, 23, true)]
    [InlineData(4, 1001, false)]
    [InlineData(5, 7, false)]
    public void Vector_scan_counts_and_extremes_equal_the_plain_loop_and_sums_agree_to_rounding(int seed, int n, bool specials)
    {
        var v = Values(seed, n, specials);
        var (topV, topS) = (new long[65536], new long[65536]);
        var a = ScanKernels.Scan(v, topV);
        var b = ScanKernels.ScanScalar(v, topS);
        Assert.Equal(b.NaN, a.NaN);
        Assert.Equal(b.Min, a.Min);
        Assert.Equal(b.Max, a.Max);
        Assert.Equal(topS, topV);
        if (double.IsFinite(b.M2))
        {
            Assert.Equal(b.Sum, a.Sum, v.Sum(x => float.IsFinite(x) ? Math.Abs((double)x) : 0) * 1e-14);
            Assert.Equal(b.M2, a.M2, b.M2 * 1e-12);
        }
        else
        {
            Assert.Equal(b.Sum, a.Sum);
        }
    }

    [Theory]
    [InlineData(11, false)]
    [InlineData(12, true)]
    public void Vector_bucket_counts_equal_the_plain_loop(int seed, bool specials)
    {
        var v = Values(seed, 70001, specials);
        // the buckets of a few values that occur, and one that does not
        var buckets = new[] { (int)(FloatOrder.Key(v[5]) >> 16), (int)(FloatOrder.Key(v[977]) >> 16), (int)(FloatOrder.Key(-v[4000]) >> 16), 3 }.Distinct().ToArray();
        long[][] Tables() => buckets.Select(_ => new long[65536]).ToArray();
        var (a, b) = (Tables(), Tables());
        ScanKernels.CountInBuckets(v, buckets, a);
        ScanKernels.CountInBucketsScalar(v, buckets, b);
        for (var j = 0; j < buckets.Length; j++) Assert.Equal(b[j], a[j]);
        Assert.True(a.Sum(t => t.Sum()) > 0);
    }
}
