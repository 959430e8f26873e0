using MotorPick.Formats.Geometry;

namespace MotorPick.Volumes.Filtering;

/// <summary>What a separable filter reads beyond a volume's faces.</summary>
public enum FilterEdges
{
    /// <summary>Zeros (MONAI's and PyTorch's convolution padding).</summary>
    Zero,

    /// <summary>The face's own value, repeated.</summary>
    Repeat,
}

/// <summary>
/// One odd-length 1-D kernel applied along x, then y, then z of a ZYX float volume in place, each output the sum of
/// <c>kernel[j] * line[i + j - tail]</c> in kernel order (a zero edge skips the taps outside, which adds nothing).
/// </summary>
public static class SeparableFilter
{
    public static void Apply(Span<float> values, VolumeShape shape, float[] kernel, FilterEdges edges)
    {
        if (values.Length != shape.VoxelCount) throw new ArgumentException("shape does not match the values");
        if (kernel.Length % 2 != 1) throw new ArgumentException("the kernel needs an odd length", nameof(kernel));
        var line = new float[Math.Max(shape.Z, Math.Max(shape.Y, shape.X))];
        var outLine = new float[line.Length];
        // X lines (stride 1), Y lines (stride X), Z lines (stride Y*X).
        Pass(values, shape.X, shape.Z * shape.Y, i => i * shape.X, 1, kernel, edges, line, outLine);
        Pass(values, shape.Y, shape.Z * shape.X, i => (i / shape.X) * shape.Y * shape.X + i % shape.X, shape.X, kernel, edges, line, outLine);
        Pass(values, shape.Z, shape.Y * shape.X, i => i, shape.Y * shape.X, kernel, edges, line, outLine);
    }

    /// <summary>A sampled Gaussian of <paramref name="sigma"/> voxels, <c>max(1, ceil(3 sigma))</c> taps a side, normalised to sum 1
    /// (so that a repeated edge keeps a constant volume constant).</summary>
    public static float[] NormalisedGaussian(double sigma)
    {
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "a Gaussian needs a positive sigma");
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new float[2 * radius + 1];
        double sum = 0;
        for (var k = -radius; k <= radius; k++) sum += kernel[k + radius] = (float)Math.Exp(-0.5 * k * k / (sigma * sigma));
        for (var k = 0; k < kernel.Length; k++) kernel[k] = (float)(kernel[k] / sum);
        return kernel;
    }

    private static void Pass(Span<float> v, int length, int lines, Func<int, int> start, int stride, float[] k, FilterEdges edges,
        float[] line, float[] outLine)
    {
        var tail = k.Length / 2;
        for (var l = 0; l < lines; l++)
        {
            var s0 = start(l);
            for (var i = 0; i < length; i++) line[i] = v[s0 + i * stride];
            for (var i = 0; i < length; i++)
            {
                var acc = 0f;
                for (var j = -tail; j <= tail; j++)
                {
                    var n = i + j;
                    if ((uint)n < (uint)length) acc += k[j + tail] * line[n];
                    else if (edges == FilterEdges.Repeat) acc += k[j + tail] * line[Math.Clamp(n, 0, length - 1)];
                }
                outLine[i] = acc;
            }
            for (var i = 0; i < length; i++) v[s0 + i * stride] = outLine[i];
        }
    }
}
