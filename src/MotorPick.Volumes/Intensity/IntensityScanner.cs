using System.Buffers;
using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;

namespace MotorPick.Volumes.Intensity;

/// <summary>What <see cref="IntensityScanner.Scan"/> computes.</summary>
public sealed record IntensityScanOptions
{
    /// <summary>Applied to every value as it is loaded (the competition +127 fix of the JPEG loaders).</summary>
    public QuantisationFix LoadFix { get; init; } = QuantisationFix.None;

    /// <summary>Apply the portal int8-as-uint8 fix before the percentiles when the volume is <c>detected_as_uint8_range</c>.</summary>
    public bool PortalFixWhenDetected { get; init; }

    /// <summary>Percentiles (in %) to compute exactly, numpy linear method.</summary>
    public IReadOnlyList<double> Percentiles { get; init; } = [];

    /// <summary>Compute the 256-bin numpy histogram of the loaded values.</summary>
    public bool Histogram { get; init; }

    /// <summary>Threads (-1: all cores).</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Voxels per read (16 MB of float32 by default).</summary>
    public long SlabVoxels { get; init; } = 4L << 20;
}

/// <summary>
/// Whole-volume statistics and exact percentiles in at most two streaming passes, without ever sorting or holding a
/// float copy of the volume. Pass 1: min/max/mean/std, integrality, an exact integer histogram (valid when every value
/// is an integer in -128..255: then everything else follows from it) and a 65536-bin histogram of the upper 16 bits of
/// an order-preserving key of each float. Pass 2 (only for non-integer data): a 65536-bin histogram of the lower 16
/// bits inside each bucket holding a wanted order statistic (so the order statistics are exact), plus the 256-bin
/// numpy histogram, which needs the range from pass 1.
/// </summary>
public static class IntensityScanner
{
    private const int IntMin = -128, IntMax = 255, IntBins = IntMax - IntMin + 1;
    private const int Chunk = 1 << 16;

    public static IntensityProfile Scan(IVolumeReader reader, IntensityScanOptions options)
    {
        var count = reader.Shape.VoxelCount;
        if (count == 0) throw new MotorPickException("empty volume", reader.Source);
        var wantTop = options.Percentiles.Count > 0;
        var p1 = new Pass1(wantTop);
        ForEachSlab(reader, options, span => Quantisation.Apply(options.LoadFix, span), () => new Pass1(wantTop),
            (acc, span) => acc.Add(span), acc => { lock (p1) p1.Merge(acc); });

        var profileNaN = p1.NaN;
        var min = p1.Min;
        var max = p1.Max;
        var mean = p1.Mean;
        var std = Math.Sqrt(Math.Max(0, p1.M2 / count));
        var detected = p1.Integral && profileNaN == 0 && min >= -128 && max <= 128;
        var fix = options.PortalFixWhenDetected && detected ? QuantisationFix.PortalInt8AsUInt8 : QuantisationFix.None;
        var intValid = p1.Integral && profileNaN == 0 && min >= IntMin && max <= IntMax;

        if (options.Percentiles.Count > 0 && profileNaN > 0)
            throw new MotorPickException($"the volume holds {profileNaN} NaN voxels; its percentiles are undefined", reader.Source);

        NumpyHistogram? hist = null;
        if (options.Histogram && count > profileNaN)
            hist = new NumpyHistogram((float)min, (float)max);

        var percentiles = new List<(double, double)>();
        if (intValid)
        {
            // Integer data: the exact histogram answers everything.
            if (hist is not null)
                for (var i = 0; i < IntBins; i++) if (p1.Ints[i] > 0) hist.Add(i + IntMin, p1.Ints[i]);
            var fixedCounts = new long[256 + IntBins];
            for (var i = 0; i < IntBins; i++)
                if (p1.Ints[i] > 0) fixedCounts[Quantisation.MapInteger(fix, i + IntMin) - IntMin] += p1.Ints[i];
            float Order(long rank)
            {
                long seen = 0;
                for (var i = 0; i < fixedCounts.Length; i++)
                {
                    seen += fixedCounts[i];
                    if (rank < seen) return i + IntMin;
                }
                throw new InvalidOperationException("rank beyond the volume");
            }
            foreach (var p in options.Percentiles)
            {
                var (lo, hi, g) = NumpyPercentile.Ranks(count, p);
                percentiles.Add((p, NumpyPercentile.Lerp(Order(lo), Order(hi), g)));
            }
        }
        else
        {
            if (fix != QuantisationFix.None) throw new InvalidOperationException("the portal fix implies integer data");
            // Locate the bucket (upper 16 key bits) and the rank inside it of every wanted order statistic.
            var wanted = new List<(long Rank, int Bucket, long RankInBucket)>();
            foreach (var p in options.Percentiles)
            {
                var (lo, hi, _) = NumpyPercentile.Ranks(count, p);
                foreach (var r in new[] { lo, hi }) wanted.Add(Locate(p1.Top!, r));
            }
            var buckets = wanted.Select(w => w.Bucket).Distinct().ToArray();
            var low = buckets.ToDictionary(b => b, _ => new long[65536]);
            if (buckets.Length > 0 || hist is not null)
            {
                ForEachSlab(reader, options, span => Quantisation.Apply(options.LoadFix, span),
                    () => new Pass2(buckets, hist),
                    (acc, span) => acc.Add(span),
                    acc => { lock (low) acc.MergeInto(low, hist); });
            }
            var orderStats = new Dictionary<long, float>();
            foreach (var (rank, bucket, inBucket) in wanted)
            {
                var counts = low[bucket];
                long seen = 0;
                for (var i = 0; i < 65536; i++)
                {
                    seen += counts[i];
                    if (inBucket < seen) { orderStats[rank] = FloatOrder.Value(((uint)bucket << 16) | (uint)i); break; }
                }
            }
            foreach (var p in options.Percentiles)
            {
                var (lo, hi, g) = NumpyPercentile.Ranks(count, p);
                percentiles.Add((p, NumpyPercentile.Lerp(orderStats[lo], orderStats[hi], g)));
            }
        }

        return new IntensityProfile
        {
            Count = count,
            Min = min,
            Max = max,
            Mean = mean,
            Std = std,
            NaNCount = profileNaN,
            AllIntegral = p1.Integral,
            Histogram = hist?.Counts,
            HistogramEdges = hist?.Edges.Select(e => (double)e).ToArray(),
            PercentileFix = fix,
            Percentiles = percentiles,
        };
    }

    private static (long Rank, int Bucket, long RankInBucket) Locate(long[] top, long rank)
    {
        long seen = 0;
        for (var b = 0; b < top.Length; b++)
        {
            if (rank < seen + top[b]) return (rank, b, rank - seen);
            seen += top[b];
        }
        throw new InvalidOperationException("rank beyond the volume");
    }

    /// <summary>Reads the volume in z-slabs, applies <paramref name="load"/>, and folds chunks in parallel into accumulators
    /// that live for the whole scan (each holds 65536-bin tables: made once per worker, not once per slab), then merges them.</summary>
    internal static void ForEachSlab<TAcc>(IVolumeReader reader, IntensityScanOptions options, SpanAction load,
        Func<TAcc> init, Action<TAcc, ReadOnlySpan<float>> add, Action<TAcc> merge) where TAcc : class
    {
        var shape = reader.Shape;
        var sections = SlabSections(shape, options.SlabVoxels);
        var buffer = ArrayPool<float>.Shared.Rent((int)(sections * shape.SectionVoxels));
        var idle = new System.Collections.Concurrent.ConcurrentBag<TAcc>();
        var all = new List<TAcc>();
        TAcc Take()
        {
            if (idle.TryTake(out var acc)) return acc;
            acc = init();
            lock (all) all.Add(acc);
            return acc;
        }
        try
        {
            for (var z0 = 0; z0 < shape.Z; z0 += sections)
            {
                var n = Math.Min(sections, shape.Z - z0);
                var len = (int)(n * shape.SectionVoxels);
                reader.ReadSlab(z0, n, buffer.AsSpan(0, len));
                load(buffer.AsSpan(0, len));
                var chunks = (len + Chunk - 1) / Chunk;
                var buf = buffer;
                Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, Take,
                    (c, _, acc) =>
                    {
                        var start = c * Chunk;
                        add(acc, buf.AsSpan(start, Math.Min(Chunk, len - start)));
                        return acc;
                    }, idle.Add);
            }
            foreach (var acc in all) merge(acc);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    internal delegate void SpanAction(Span<float> span);

    /// <summary>Sections per slab of about <paramref name="slabVoxels"/> voxels (at least one).</summary>
    internal static int SlabSections(VolumeShape shape, long slabVoxels) =>
        (int)Math.Clamp(slabVoxels / Math.Max(1, shape.SectionVoxels), 1, Math.Max(1, shape.Z));

    private sealed class Pass1(bool wantTop)
    {
        public double Min = double.PositiveInfinity, Max = double.NegativeInfinity;
        public long N, NaN;
        public double Mean, M2;
        public bool Integral = true;
        public readonly long[] Ints = new long[IntBins];
        public readonly long[]? Top = wantTop ? new long[65536] : null;

        public void Add(ReadOnlySpan<float> values)
        {
            if (Integral) CountIntegers(values);
            var m = ScanKernels.Scan(values, Top);
            NaN += m.NaN;
            var count = values.Length - m.NaN;
            if (count > 0) Combine(count, m.Sum / count, m.M2, m.Min, m.Max);
        }

        /// <summary>The exact integer histogram, while every value seen is an integer (one non-integer ends it for good).</summary>
        private void CountIntegers(ReadOnlySpan<float> values)
        {
            var ints = Ints;
            foreach (var v in values)
            {
                if (float.IsNaN(v)) continue;
                if (v != MathF.Truncate(v)) { Integral = false; return; }
                if (v >= IntMin && v <= IntMax) ints[(int)v - IntMin]++;
            }
        }

        public void Merge(Pass1 o)
        {
            NaN += o.NaN;
            Integral &= o.Integral;
            for (var i = 0; i < IntBins; i++) Ints[i] += o.Ints[i];
            if (Top is not null && o.Top is not null) for (var i = 0; i < Top.Length; i++) Top[i] += o.Top[i];
            if (o.N > 0) Combine(o.N, o.Mean, o.M2, o.Min, o.Max);
        }

        // Chan et al. pairwise update of mean and sum of squared deviations.
        private void Combine(long n, double mean, double m2, double min, double max)
        {
            var total = N + n;
            var delta = mean - Mean;
            Mean += delta * n / total;
            M2 += m2 + delta * delta * ((double)N * n / total);
            N = total;
            if (min < Min) Min = min;
            if (max > Max) Max = max;
        }
    }

    private sealed class Pass2(int[] buckets, NumpyHistogram? hist)
    {
        private readonly Dictionary<int, long[]> _low = buckets.ToDictionary(b => b, _ => new long[65536]);
        private readonly int[] _keys = buckets;
        private long[][] Tables => field ??= _keys.Select(k => _low[k]).ToArray();
        private readonly long[]? _hist = hist is null ? null : new long[hist.Bins];

        public void Add(ReadOnlySpan<float> values)
        {
            // Few wanted buckets (at most 4 for two percentiles): compare rather than hash.
            if (_low.Count > 0) ScanKernels.CountInBuckets(values, _keys, Tables);
            if (_hist is not null)
                foreach (var v in values)
                {
                    var bin = hist!.BinOf(v);
                    if (bin >= 0) _hist[bin]++;
                }
        }

        public void MergeInto(Dictionary<int, long[]> low, NumpyHistogram? target)
        {
            foreach (var (b, counts) in _low)
            {
                var dst = low[b];
                for (var i = 0; i < counts.Length; i++) dst[i] += counts[i];
            }
            if (_hist is not null) target!.Merge(_hist);
        }
    }
}
