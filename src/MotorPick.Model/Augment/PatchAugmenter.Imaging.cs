namespace MotorPick.Model.Augment;

public static partial class PatchAugmenter
{
    /// <summary>The imaging augmentations (<see cref="AugmentConfig.BlurP"/>, noise, inversion); a probability of 0 draws
    /// no random number, so recipes without them sample exactly as before.</summary>
    private static void Imaging(float[] buf, (int D, int H, int W) patch, AugmentConfig cfg, Random rng, List<string> applied)
    {
        if (cfg.BlurP > 0 && rng.NextDouble() < cfg.BlurP)
        {
            GaussianBlur(buf, patch, Uniform(rng, cfg.BlurSigmaRange[0], cfg.BlurSigmaRange[1]));
            applied.Add("blur");
        }
        if (cfg.NoiseP > 0 && rng.NextDouble() < cfg.NoiseP)
        {
            var std = Uniform(rng, cfg.NoiseStdRange[0], cfg.NoiseStdRange[1]) * Std(buf);
            for (var i = 0; i < buf.Length; i++) buf[i] += (float)(std * StandardNormal(rng));
            applied.Add("noise");
        }
        if (cfg.InvertP > 0 && rng.NextDouble() < cfg.InvertP)
        {
            Map(buf, v => 255f - v);
            applied.Add("invert");
        }
    }

    /// <summary>Box-Muller: one standard normal draw from two uniforms.</summary>
    private static double StandardNormal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble(); // (0, 1]: log stays finite
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Separable Gaussian blur of <paramref name="sigma"/> voxels along z, y and x, the edge values repeated beyond the patch.</summary>
    internal static void GaussianBlur(float[] buf, (int D, int H, int W) patch, double sigma)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new float[2 * radius + 1];
        double sum = 0;
        for (var k = -radius; k <= radius; k++) sum += kernel[k + radius] = (float)Math.Exp(-0.5 * k * k / (sigma * sigma));
        for (var k = 0; k < kernel.Length; k++) kernel[k] = (float)(kernel[k] / sum);
        var (d, h, w) = patch;
        Pass(buf, kernel, n: d, stride: h * w, lines: h * w, line => line);                                  // along z
        Pass(buf, kernel, n: h, stride: w, lines: d * w, line => line / w * h * w + line % w);               // along y
        Pass(buf, kernel, n: w, stride: 1, lines: d * h, line => line * w);                                  // along x
    }

    /// <summary>Blurs <paramref name="lines"/> lines of <paramref name="n"/> values <paramref name="stride"/> apart, line
    /// <c>i</c> starting at <c>startOf(i)</c>.</summary>
    private static void Pass(float[] buf, float[] kernel, int n, int stride, int lines, Func<int, int> startOf)
    {
        var radius = kernel.Length / 2;
        Parallel.For(0, lines, () => new float[n], (i, _, line) =>
        {
            var start = startOf(i);
            for (var k = 0; k < n; k++) line[k] = buf[start + k * stride];
            for (var k = 0; k < n; k++)
            {
                float acc = 0;
                for (var j = -radius; j <= radius; j++) acc += kernel[j + radius] * line[Math.Clamp(k + j, 0, n - 1)];
                buf[start + k * stride] = acc;
            }
            return line;
        }, _ => { });
    }
}
