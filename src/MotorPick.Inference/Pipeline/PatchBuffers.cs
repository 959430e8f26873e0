using System.Numerics;
using System.Runtime.InteropServices;

namespace MotorPick.Inference.Pipeline;

/// <summary>uint8 to float32 widening of patches (the model input is float32 holding 0..255).</summary>
internal static class PatchBuffers
{
    public static void Widen(ReadOnlySpan<byte> src, Span<float> dst)
    {
        if (dst.Length < src.Length) throw new ArgumentException("destination too short");
        var i = 0;
        if (Vector.IsHardwareAccelerated && src.Length >= Vector<byte>.Count)
        {
            var n = src.Length / Vector<byte>.Count;
            var vs = MemoryMarshal.Cast<byte, Vector<byte>>(src[..(n * Vector<byte>.Count)]);
            var vd = MemoryMarshal.Cast<float, Vector<float>>(dst[..(n * Vector<byte>.Count)]);
            for (var k = 0; k < vs.Length; k++)
            {
                Vector.Widen(vs[k], out Vector<ushort> lo, out Vector<ushort> hi);
                Vector.Widen(lo, out Vector<uint> a, out Vector<uint> b);
                Vector.Widen(hi, out Vector<uint> c, out Vector<uint> d);
                vd[4 * k] = Vector.ConvertToSingle(a);
                vd[4 * k + 1] = Vector.ConvertToSingle(b);
                vd[4 * k + 2] = Vector.ConvertToSingle(c);
                vd[4 * k + 3] = Vector.ConvertToSingle(d);
            }
            i = n * Vector<byte>.Count;
        }
        for (; i < src.Length; i++) dst[i] = src[i];
    }

    /// <summary>Widens in parallel chunks.</summary>
    public static void Widen(byte[] src, float[] dst, int dstOffset, ParallelOptions parallel)
    {
        const int chunk = 1 << 20;
        var chunks = (src.Length + chunk - 1) / chunk;
        Parallel.For(0, chunks, parallel, c =>
        {
            var start = c * chunk;
            var len = Math.Min(chunk, src.Length - start);
            Widen(src.AsSpan(start, len), dst.AsSpan(dstOffset + start, len));
        });
    }
}
