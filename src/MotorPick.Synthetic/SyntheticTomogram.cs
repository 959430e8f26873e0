using MotorPick.Synthetic.Imaging;
using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic;

/// <summary>
/// A generated tomogram: its spec, the float volume ([z][y][x], dense = high) and the 8-bit mapping of the
/// competition slices (dense = dark: the lower percentile goes to 255, the upper to 0; optionally int8-wrapped).
/// </summary>
public sealed class SyntheticTomogram
{
    internal SyntheticTomogram(TomogramSpec spec, float[] volume, double low, double high, double mean, double std, double signalStd)
    {
        Spec = spec;
        Volume = volume;
        Low = low;
        High = high;
        Mean = mean;
        Std = std;
        SignalStd = signalStd;
    }

    public TomogramSpec Spec { get; }

    /// <summary>The float volume, dense = high, Z*Y*X values in C order.</summary>
    public float[] Volume { get; }

    /// <summary>Values at the lower / upper percentile of <see cref="ImagingSpec.Percentiles"/>.</summary>
    public double Low { get; }
    public double High { get; }
    public double Mean { get; }
    public double Std { get; }

    /// <summary>Standard deviation of the noise-free blurred density.</summary>
    public double SignalStd { get; }

    public int SliceLength => Spec.Y * Spec.X;

    /// <summary>The 8-bit competition slice z (height Y, width X).</summary>
    public void QuantizeSlice(int z, Span<byte> destination)
    {
        var src = Volume.AsSpan((int)((long)z * SliceLength), SliceLength);
        var scale = (float)(255.0 / (High - Low));
        var hi = (float)High;
        var wrap = Spec.Imaging.WrapDefect;
        if (Spec.Randomised?.InvertedPolarity == true)
        {
            // Dense = bright: some depositions are exported with the opposite contrast.
            hi = (float)Low;
            scale = -scale;
        }
        for (var i = 0; i < src.Length; i++)
        {
            var q = MathF.Round((hi - src[i]) * scale);
            var b = q <= 0 ? 0 : q >= 255 ? 255 : (int)q;
            // The defect of some real data: values shifted by -127 modulo 256 (the fix is +127).
            destination[i] = (byte)(wrap ? (b + 129) & 0xFF : b);
        }
    }

    /// <summary>The whole 8-bit volume.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Spec.VoxelCount];
        for (var z = 0; z < Spec.Z; z++) QuantizeSlice(z, bytes.AsSpan((int)((long)z * SliceLength), SliceLength));
        return bytes;
    }

    /// <summary>Slice z as the portal stores it: float32, zero mean, unit variance, dense = negative.</summary>
    public void PortalSlice(int z, Span<float> destination)
    {
        var src = Volume.AsSpan((int)((long)z * SliceLength), SliceLength);
        var mean = (float)Mean;
        var inv = (float)(Spec.Randomised?.InvertedPolarity == true ? -1 / Std : 1 / Std);
        for (var i = 0; i < src.Length; i++) destination[i] = (mean - src[i]) * inv;
    }

    /// <summary>The whole portal-style float volume.</summary>
    public float[] ToPortalFloats()
    {
        var f = new float[Spec.VoxelCount];
        for (var z = 0; z < Spec.Z; z++) PortalSlice(z, f.AsSpan((int)((long)z * SliceLength), SliceLength));
        return f;
    }
}
