namespace MotorPick.Synthetic.Imaging;

/// <summary>Percentiles of a large float volume from a fine histogram (integer counts, so the thread order cannot
/// change the answer), interpolated linearly inside the bin.</summary>
public static class Histogram
{
    private const int Bins = 1 << 16;

    public static (double Low, double High) Percentiles(float[] v, int nz, int sliceLength, double qLow, double qHigh, int threads)
    {
        var mins = new float[nz];
        var maxs = new float[nz];
        Parallel.For(0, nz, Filters.Options(threads), z =>
        {
            var span = v.AsSpan((int)((long)z * sliceLength), sliceLength);
            float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
            foreach (var x in span)
            {
                if (x < lo) lo = x;
                if (x > hi) hi = x;
            }
            mins[z] = lo;
            maxs[z] = hi;
        });
        var min = mins.Min();
        var max = maxs.Max();
        if (!(max > min)) return (min - 1, min + 1);
        var scale = Bins / ((double)max - min);
        var counts = new long[Bins];
        var gate = new object();
        Parallel.For(0, nz, Filters.Options(threads), () => new long[Bins], (z, _, local) =>
        {
            var span = v.AsSpan((int)((long)z * sliceLength), sliceLength);
            foreach (var x in span) local[Math.Min(Bins - 1, (int)((x - min) * scale))]++;
            return local;
        }, local =>
        {
            lock (gate)
                for (var i = 0; i < Bins; i++) counts[i] += local[i];
        });
        var total = (double)nz * sliceLength;
        return (Find(counts, qLow * total, min, scale), Find(counts, qHigh * total, min, scale));
    }

    private static double Find(long[] counts, double rank, double min, double scale)
    {
        double cum = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (cum + counts[i] >= rank && counts[i] > 0)
                return min + (i + (rank - cum) / counts[i]) / scale;
            cum += counts[i];
        }
        return min + counts.Length / scale;
    }
}
