using MotorPick.Formats.Geometry;


namespace MotorPick.Inference.Aggregation;

/// <summary>
/// PyTorch <c>F.interpolate(x, size=..., mode="trilinear", align_corners=False)</c> on one channel, in float32:
/// per axis <c>ratio = (float)in / out</c>, <c>src = max(ratio * (dst + 0.5) - 0.5, 0)</c>, <c>i1 = min(i0 + 1, in - 1)</c>,
/// and the 8 corners nested as in ATen's CPU kernel (t, then h, then w).
/// </summary>
public static class TrilinearResize
{
    public static float[] Resize(ReadOnlySpan<float> input, VolumeShape inShape, VolumeShape outShape)
    {
        var output = new float[outShape.VoxelCount];
        Resize(input, inShape, output, outShape);
        return output;
    }

    public static void Resize(ReadOnlySpan<float> input, VolumeShape inShape, Span<float> output, VolumeShape outShape)
    {
        if (input.Length != inShape.VoxelCount || output.Length != outShape.VoxelCount)
            throw new ArgumentException($"resize {inShape} -> {outShape}: got {input.Length} and {output.Length} values");
        if (inShape == outShape)
        {
            input.CopyTo(output);
            return;
        }
        var (z0, z1, zl0, zl1) = Axis(inShape.Z, outShape.Z);
        var (y0, y1, yl0, yl1) = Axis(inShape.Y, outShape.Y);
        var (x0, x1, xl0, xl1) = Axis(inShape.X, outShape.X);
        int h = inShape.Y, w = inShape.X;
        for (var t = 0; t < outShape.Z; t++)
        {
            int pa = z0[t] * h * w, pb = z1[t] * h * w;
            for (var i = 0; i < outShape.Y; i++)
            {
                int ra = y0[i] * w, rb = y1[i] * w;
                var dst = output.Slice((t * outShape.Y + i) * outShape.X, outShape.X);
                for (var j = 0; j < outShape.X; j++)
                {
                    int c0 = x0[j], c1 = x1[j];
                    float wl0 = xl0[j], wl1 = xl1[j];
                    dst[j] = zl0[t] * (yl0[i] * (wl0 * input[pa + ra + c0] + wl1 * input[pa + ra + c1])
                                       + yl1[i] * (wl0 * input[pa + rb + c0] + wl1 * input[pa + rb + c1]))
                           + zl1[t] * (yl0[i] * (wl0 * input[pb + ra + c0] + wl1 * input[pb + ra + c1])
                                       + yl1[i] * (wl0 * input[pb + rb + c0] + wl1 * input[pb + rb + c1]));
                }
            }
        }
    }

    private static (int[] I0, int[] I1, float[] L0, float[] L1) Axis(int inSize, int outSize)
    {
        var i0 = new int[outSize];
        var i1 = new int[outSize];
        var l0 = new float[outSize];
        var l1 = new float[outSize];
        var ratio = (float)inSize / outSize;
        for (var d = 0; d < outSize; d++)
        {
            float src;
            if (inSize == outSize) src = d;
            else
            {
                src = ratio * (d + 0.5f) - 0.5f;
                if (src < 0f) src = 0f;
            }
            var a = (int)src;
            var b = a < inSize - 1 ? a + 1 : a;
            var lambda = src - a;
            i0[d] = a;
            i1[d] = b;
            l1[d] = lambda;
            l0[d] = 1f - lambda;
        }
        return (i0, i1, l0, l1);
    }
}
