using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MotorPick.Volumes.Resampling;

/// <summary>The 1-D passes of separable resampling, in float32 with PyTorch's operation order.</summary>
public static class ResampleKernels
{
    /// <summary>Resamples one line (the X pass) with <paramref name="plan"/>.</summary>
    public static void Line(ReadOnlySpan<float> src, Span<float> dst, AxisPlan plan)
    {
        if (plan.IsIdentity) { src[..plan.OutputSize].CopyTo(dst); return; }
        if (plan.IsTwoTap && Fma.IsSupported && Avx2.IsSupported && src.Length >= plan.InputSize && dst.Length >= plan.OutputSize)
        {
            LineGathered(src, dst, plan);
            return;
        }
        var start = plan.TapStart;
        var index = plan.Index;
        var weight = plan.Weight;
        ref var s = ref MemoryMarshal.GetReference(src);
        for (var o = 0; o < plan.OutputSize; o++)
        {
            var k = start[o];
            var end = start[o + 1];
            if (end - k == 2)
            {
                dst[o] = MathF.FusedMultiplyAdd(weight[k], Unsafe(ref s, index[k]), weight[k + 1] * Unsafe(ref s, index[k + 1]));
                continue;
            }
            var acc = Unsafe(ref s, index[k]) * weight[k];
            for (k++; k < end; k++) acc += Unsafe(ref s, index[k]) * weight[k];
            dst[o] = acc;
        }

        static float Unsafe(ref float s0, int i) => System.Runtime.CompilerServices.Unsafe.Add(ref s0, i);
    }

    /// <summary>
    /// The X pass of a uint8 line: the same floats as <see cref="Line(ReadOnlySpan{float}, Span{float}, AxisPlan)"/> on the
    /// line's values converted to float32 (exact), without writing the converted line first. <paramref name="scratch"/>
    /// (at least the input length) holds that conversion where the fast two-tap path does not apply.
    /// </summary>
    public static void Line(ReadOnlySpan<byte> src, Span<float> dst, AxisPlan plan, Span<float> scratch)
    {
        if (plan.IsTwoTap && !plan.IsIdentity && Fma.IsSupported && Avx2.IsSupported && src.Length >= plan.InputSize && dst.Length >= plan.OutputSize)
        {
            LineGathered(src, dst, plan);
            return;
        }
        var floats = scratch[..plan.InputSize];
        for (var i = 0; i < floats.Length; i++) floats[i] = src[i];
        Line(floats, dst, plan);
    }

    /// <summary>The two-tap X pass eight outputs at a time, over float32 or uint8 samples: the same fma(w0, v0, w1*v1) per
    /// output. Where the eight taps of a block are consecutive samples (most blocks: a zoom near 1 skips or repeats a sample
    /// only every few dozen outputs) they are two plain loads, uint8 widened to float32 as loaded; elsewhere float32 uses
    /// AVX2 gathers and uint8 the per-output formula.</summary>
    private static unsafe void LineGathered<T>(ReadOnlySpan<T> src, Span<float> dst, AxisPlan plan) where T : unmanaged
    {
        var iota = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        int[] i0 = plan.Index0!, i1 = plan.Index1!;
        float[] w0 = plan.Weight0!, w1 = plan.Weight1!;
        var m = plan.OutputSize;
        var n = plan.InputSize;
        fixed (T* s = src)
        fixed (float* d = dst)
        fixed (int* pi0 = i0)
        fixed (int* pi1 = i1)
        fixed (float* pw0 = w0)
        fixed (float* pw1 = w1)
        {
            var o = 0;
            for (; o + 8 <= m; o += 8)
            {
                var idx0 = Avx.LoadVector256(pi0 + o);
                var idx1 = Avx.LoadVector256(pi1 + o);
                var first = pi0[o];
                Vector256<float> a, b;
                // the block reads samples first .. first + 8: inside the line only
                if (first + 9 <= n && idx0 == Vector256.Create(first) + iota && idx1 == Vector256.Create(first + 1) + iota)
                {
                    a = Load8(s + first);
                    b = Load8(s + first + 1);
                }
                else if (typeof(T) == typeof(float))
                {
                    a = Avx2.GatherVector256((float*)s, idx0, 4);
                    b = Avx2.GatherVector256((float*)s, idx1, 4);
                }
                else
                {
                    for (var j = o; j < o + 8; j++) d[j] = MathF.FusedMultiplyAdd(pw0[j], Sample(s, pi0[j]), pw1[j] * Sample(s, pi1[j]));
                    continue;
                }
                Avx.Store(d + o, Fma.MultiplyAdd(Avx.LoadVector256(pw0 + o), a, Avx.Multiply(Avx.LoadVector256(pw1 + o), b)));
            }
            for (; o < m; o++) d[o] = MathF.FusedMultiplyAdd(pw0[o], Sample(s, pi0[o]), pw1[o] * Sample(s, pi1[o]));
        }
    }

    /// <summary>Eight samples from <paramref name="p"/> as float32 (uint8 widened exactly).</summary>
    private static unsafe Vector256<float> Load8<T>(T* p) where T : unmanaged =>
        typeof(T) == typeof(float) ? Avx.LoadVector256((float*)p) : Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32((byte*)p));

    private static unsafe float Sample<T>(T* s, int i) where T : unmanaged => typeof(T) == typeof(float) ? ((float*)s)[i] : ((byte*)s)[i];

    /// <summary><c>dst = fma(wa, a, wb*b)</c> element-wise (PyTorch's rounding, see <see cref="AxisPlan"/>).</summary>
    public static void Blend(Span<float> dst, ReadOnlySpan<float> a, float wa, ReadOnlySpan<float> b, float wb)
    {
        var n = dst.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a[..n]);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b[..n]);
            var vd = MemoryMarshal.Cast<float, Vector<float>>(dst);
            var wA = new Vector<float>(wa);
            var wB = new Vector<float>(wb);
            for (var j = 0; j < vd.Length; j++) vd[j] = Vector.FusedMultiplyAdd(va[j], wA, vb[j] * wB);
            i = vd.Length * Vector<float>.Count;
        }
        for (; i < n; i++) dst[i] = MathF.FusedMultiplyAdd(a[i], wa, b[i] * wb);
    }

    /// <summary><c>dst = a*w</c>.</summary>
    public static void Scale(Span<float> dst, ReadOnlySpan<float> a, float w)
    {
        var n = dst.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a[..n]);
            var vd = MemoryMarshal.Cast<float, Vector<float>>(dst);
            var vw = new Vector<float>(w);
            for (var j = 0; j < vd.Length; j++) vd[j] = va[j] * vw;
            i = vd.Length * Vector<float>.Count;
        }
        for (; i < n; i++) dst[i] = a[i] * w;
    }

    /// <summary><c>dst += a*w</c>.</summary>
    public static void Accumulate(Span<float> dst, ReadOnlySpan<float> a, float w)
    {
        var n = dst.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a[..n]);
            var vd = MemoryMarshal.Cast<float, Vector<float>>(dst);
            var vw = new Vector<float>(w);
            for (var j = 0; j < vd.Length; j++) vd[j] += va[j] * vw;
            i = vd.Length * Vector<float>.Count;
        }
        for (; i < n; i++) dst[i] += a[i] * w;
    }

    /// <summary>Output line <paramref name="o"/> of a pass over whole lines (the Y and Z passes):
    /// <paramref name="line"/>(k) returns input line k.</summary>
    public static void Lines(Span<float> dst, AxisPlan plan, int o, Func<int, ReadOnlyMemory<float>> line)
    {
        var k = plan.TapStart[o];
        var end = plan.TapStart[o + 1];
        if (end - k == 2)
        {
            Blend(dst, line(plan.Index[k]).Span, plan.Weight[k], line(plan.Index[k + 1]).Span, plan.Weight[k + 1]);
            return;
        }
        Scale(dst, line(plan.Index[k]).Span, plan.Weight[k]);
        for (k++; k < end; k++) Accumulate(dst, line(plan.Index[k]).Span, plan.Weight[k]);
    }
}
