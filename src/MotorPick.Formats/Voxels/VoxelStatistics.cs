using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MotorPick.Formats.Voxels;

/// <summary>
/// Streaming min / max / mean / population standard deviation, accumulated slab by slab in double precision
/// (per-block float sums, merged with Chan's pairwise formula), as numpy's min(), max(), mean(), std().
/// NaN voxels are counted but do not take part in min/max.
/// </summary>
public sealed class VoxelStatistics
{
    private const int Block = 1 << 16;

    public long Count { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public double Mean { get; private set; }
    private double _m2;

    /// <summary>Sum of squared deviations from the mean.</summary>
    public double M2 => _m2;

    /// <summary>Population standard deviation (numpy std, ddof 0).</summary>
    public double Std => Count == 0 ? 0 : Math.Sqrt(Math.Max(0, _m2 / Count));

    /// <summary>Sum of all voxels.</summary>
    public double Sum => Mean * Count;

    /// <summary>Adds float32 voxels.</summary>
    public void Add(ReadOnlySpan<float> data)
    {
        if (data.IsEmpty) return;
        int blocks = (data.Length + Block - 1) / Block;
        if (blocks == 1)
        {
            Merge(Partial(data));
            return;
        }
        var parts = new Part[blocks];
        unsafe
        {
            fixed (float* p = data)
            {
                var ptr = (IntPtr)p;
                int len = data.Length;
                Parallel.For(0, blocks, b =>
                {
                    int start = b * Block;
                    var span = new ReadOnlySpan<float>((float*)ptr + start, Math.Min(Block, len - start));
                    parts[b] = Partial(span);
                });
            }
        }
        foreach (var part in parts) Merge(part);
    }

    /// <summary>Adds voxels of any voxel type (converted to float32 block by block).</summary>
    public void Add<T>(ReadOnlySpan<T> data) where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            Add(MemoryMarshal.Cast<T, float>(data));
            return;
        }
        var buffer = ArrayPool<float>.Shared.Rent(Math.Min(data.Length, 1 << 22));
        try
        {
            for (int i = 0; i < data.Length; i += buffer.Length)
            {
                var part = data.Slice(i, Math.Min(buffer.Length, data.Length - i));
                VoxelConvert.ToFloat32(part, buffer);
                Add(new ReadOnlySpan<float>(buffer, 0, part.Length));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private readonly record struct Part(long N, double Min, double Max, double Mean, double M2);

    private void Merge(Part p)
    {
        if (p.N == 0) return;
        Min = Math.Min(Min, p.Min);
        Max = Math.Max(Max, p.Max);
        long n = Count + p.N;
        double delta = p.Mean - Mean;
        Mean += delta * p.N / n;
        _m2 += p.M2 + delta * delta * ((double)Count * p.N / n);
        Count = n;
    }

    private static Part Partial(ReadOnlySpan<float> x)
    {
        // Two passes over a cache-sized block: sum (for the mean) with min/max, then squared deviations.
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        double sum = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= 8)
        {
            var vmin = Vector256.Create(float.PositiveInfinity);
            var vmax = Vector256.Create(float.NegativeInfinity);
            for (; i <= x.Length - 8;)
            {
                var acc = Vector256<float>.Zero;
                int end = Math.Min(x.Length - 8, i + 8 * 256);
                for (; i <= end; i += 8)
                {
                    var v = Vector256.Create(x.Slice(i, 8));
                    acc += v;
                    vmin = Vector256.Min(vmin, v);
                    vmax = Vector256.Max(vmax, v);
                }
                sum += Vector256.Sum(acc);
            }
            for (int k = 0; k < 8; k++)
            {
                if (vmin[k] < min) min = vmin[k];
                if (vmax[k] > max) max = vmax[k];
            }
        }
        for (; i < x.Length; i++)
        {
            float v = x[i];
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        double mean = sum / x.Length;
        float m = (float)mean;
        double m2 = 0;
        i = 0;
        if (Vector256.IsHardwareAccelerated && x.Length >= 8)
        {
            var vm = Vector256.Create(m);
            for (; i <= x.Length - 8;)
            {
                var acc = Vector256<float>.Zero;
                int end = Math.Min(x.Length - 8, i + 8 * 256);
                for (; i <= end; i += 8)
                {
                    var d = Vector256.Create(x.Slice(i, 8)) - vm;
                    acc += d * d;
                }
                m2 += Vector256.Sum(acc);
            }
        }
        for (; i < x.Length; i++)
        {
            double d = x[i] - m;
            m2 += d * d;
        }
        // Correct for the float rounding of the centre: sum (x-m)^2 = M2 + n (mean-m)^2.
        double shift = mean - m;
        m2 -= x.Length * shift * shift;
        return new Part(x.Length, min, max, mean, Math.Max(0, m2));
    }
}
