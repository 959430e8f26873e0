using System.Numerics;

namespace MotorPick.Volumes.Streaming;

/// <summary>float32 -> uint8 the way the reference did it.</summary>
public static class UInt8Conversion
{
    /// <summary><c>trunc(clip(v*scale, 0, 255))</c> (PyTorch <c>clip(...).to(uint8)</c>; NaN becomes 0). With
    /// <paramref name="roundToHalf"/> each value is first rounded to IEEE binary16, as when the reference resampled
    /// a <c>.half()</c> tensor.</summary>
    public static void Convert(ReadOnlySpan<float> src, Span<byte> dst, float scale, bool roundToHalf)
    {
        var i = 0;
        if (!roundToHalf && Vector.IsHardwareAccelerated)
        {
            var q = Vector<int>.Count;
            var vs = new Vector<float>(scale);
            var zero = Vector<float>.Zero;
            var max = new Vector<float>(255f);
            for (; i + 4 * q <= src.Length; i += 4 * q)
            {
                var a = Clamp(new Vector<float>(src[i..]) * vs, zero, max);
                var b = Clamp(new Vector<float>(src[(i + q)..]) * vs, zero, max);
                var c = Clamp(new Vector<float>(src[(i + 2 * q)..]) * vs, zero, max);
                var d = Clamp(new Vector<float>(src[(i + 3 * q)..]) * vs, zero, max);
                var ab = Vector.Narrow(Vector.AsVectorUInt32(Vector.ConvertToInt32(a)), Vector.AsVectorUInt32(Vector.ConvertToInt32(b)));
                var cd = Vector.Narrow(Vector.AsVectorUInt32(Vector.ConvertToInt32(c)), Vector.AsVectorUInt32(Vector.ConvertToInt32(d)));
                Vector.Narrow(ab, cd).CopyTo(dst[i..]);
            }
        }
        for (; i < src.Length; i++)
        {
            var v = roundToHalf ? (float)(Half)src[i] * scale : src[i] * scale;
            dst[i] = v > 0f ? v < 255f ? (byte)v : (byte)255 : (byte)0;
        }
    }

    private static Vector<float> Clamp(Vector<float> v, Vector<float> lo, Vector<float> hi)
    {
        v = Vector.ConditionalSelect(Vector.Equals(v, v), v, lo); // NaN -> 0
        return Vector.Min(Vector.Max(v, lo), hi);
    }
}
