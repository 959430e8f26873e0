using MotorPick.Core;

namespace MotorPick.Inference.Coordinates;

/// <summary>How heatmap indices are turned into original-voxel coordinates (docs/reference.md 5.8).</summary>
public enum Fp16Coords
{
    /// <summary>submit_3d.py: <c>fp16(f32(f32(k + 0.5) * f32(stride * target / f32(ori))) - 0.5)</c>, one fp16 rounding.</summary>
    Single,

    /// <summary>The labeling scripts: <c>fp16(fp16(f32(k + 0.5) * f32(stride * target / f32(ori))) - 0.5)</c>, two fp16
    /// roundings; reproduces every pseudo-label coordinate of the reference data.</summary>
    Double,

    /// <summary>Exact: <c>(k + 0.5) * stride * target / ori - 0.5</c> in double precision.</summary>
    Off,
}

/// <summary>Maps heatmap voxel indices back to original voxel coordinates: <c>(k + 0.5) * stride * target / ori - 0.5</c>.</summary>
public static class CoordinateMap
{
    /// <summary>One axis. <paramref name="ori"/> is the tomogram's voxel spacing, <paramref name="target"/> the model's, in A.</summary>
    public static double ToOriginal(int k, int stride, double target, double ori, Fp16Coords mode)
    {
        if (!(ori > 0)) throw new MotorPickException($"voxel spacing must be positive, got {ori}", field: "voxel_spacing");
        switch (mode)
        {
            case Fp16Coords.Off:
                return (k + 0.5) * stride * target / ori - 0.5;
            case Fp16Coords.Single:
            {
                // Tensor arithmetic: the factor is a float32 tensor (stride * target) / ori32, the sum is fp32, stored in fp16.
                var factor = (float)stride * (float)target / (float)ori;
                var scaled = (float)(Half)(k + 0.5f) * factor;
                return (double)(Half)(scaled - 0.5f);
            }
            case Fp16Coords.Double:
            {
                // Python scalar factor (float64 of the float32 spacing), op in fp32, each result stored in fp16.
                var factor = (float)(stride * target / (double)(float)ori);
                var scaled = (float)(Half)((float)(Half)(k + 0.5f) * factor);
                return (double)(Half)(scaled - 0.5f);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(mode));
        }
    }

    /// <summary>The confidence as stored with the coordinates: fp16 unless <paramref name="mode"/> is <see cref="Fp16Coords.Off"/>.</summary>
    public static double StoredConf(float conf, Fp16Coords mode) => mode == Fp16Coords.Off ? conf : (double)(Half)conf;

    /// <summary>Parses <c>single</c>, <c>double</c> or <c>off</c>.</summary>
    public static Fp16Coords Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "single" => Fp16Coords.Single,
        "double" => Fp16Coords.Double,
        "off" => Fp16Coords.Off,
        _ => throw new MotorPickException($"unknown fp16 coordinate mode '{text}': expected single, double or off", field: "fp16-coords"),
    };
}
