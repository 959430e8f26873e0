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

    /// <summary>The two-tap X pass eight outputs at a time: the same fma(w0, v0, w1*v1) per output. Where the eight taps of a
    /// block are consecutive samples (most blocks: a zoom near 1 skips or repeats a sample only every few dozen outputs)
    /// they are two plain loads; elsewhere AVX2 gathers.</summary>
    private static unsafe void LineGathered(ReadOnlySpan<float> src, Span<float> dst, AxisPlan plan)
    {
        var iota = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        int[] i0 = plan.Index0!, i1 = plan.Index1!;
        float[] w0 = plan.Weight0!, w1 = plan.Weight1!;
        var m = plan.OutputSize;
        fixed (float* s = src)
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
                if (idx0 == Vector256.Create(first) + iota && idx1 == Vector256.Create(first + 1) + iota)
                {
                    a = Avx.LoadVector256(s + first);
                    b = Avx.LoadVector256(s + first + 1);
                }
                else
                {
                    a = Avx2.GatherVector256(s, idx0, 4);
                    b = Avx2.GatherVector256(s, idx1, 4);
                }
                Avx.Store(d + o, Fma.MultiplyAdd(Avx.LoadVector256(pw0 + o), a, Avx.Multiply(Avx.LoadVector256(pw1 + o), b)));
            }
            for (; o < m; o++) d[o] = MathF.FusedMultiplyAdd(pw0[o], s[pi0[o]], pw1[o] * s[pi1[o]]);
        }
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

    /// <summary><see cref="LineGathered(ReadOnlySpan{float}, Span{float}, AxisPlan)"/> reading bytes: a block of consecutive taps
    /// is two 8-byte loads widened to float32; any other block is computed output by output with the same formula.</summary>
    private static unsafe void LineGathered(ReadOnlySpan<byte> src, Span<float> dst, AxisPlan plan)
    {
        var iota = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        int[] i0 = plan.Index0!, i1 = plan.Index1!;
        float[] w0 = plan.Weight0!, w1 = plan.Weight1!;
        var m = plan.OutputSize;
        var n = plan.InputSize;
        fixed (byte* s = src)
        fixed (float* d = dst)
        fixed (int* pi0 = i0)
        fixed (int* pi1 = i1)
        fixed (float* pw0 = w0)
        fixed (float* pw1 = w1)
        {
            var o = 0;
            for (; o + 8 <= m; o += 8)
            {
                var first = pi0[o];
                // 9 bytes from first are read: inside the line only
                if (first + 9 <= n && Avx.LoadVector256(pi0 + o) == Vector256.Create(first) + iota && Avx.LoadVector256(pi1 + o) == Vector256.Create(first + 1) + iota)
                {
                    var a = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(s + first));
                    var b = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(s + first + 1));
                    Avx.Store(d + o, Fma.MultiplyAdd(Avx.LoadVector256(pw0 + o), a, Avx.Multiply(Avx.LoadVector256(pw1 + o), b)));
                    continue;
                }
                for (var j = o; j < o + 8; j++) d[j] = MathF.FusedMultiplyAdd(pw0[j], s[pi0[j]], pw1[j] * s[pi1[j]]);
            }
            for (; o < m; o++) d[o] = MathF.FusedMultiplyAdd(pw0[o], s[pi0[o]], pw1[o] * s[pi1[o]]);
        }
    }

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
