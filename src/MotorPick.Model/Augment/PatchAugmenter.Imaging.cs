using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Filtering;

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

    /// <summary>Gaussian blur of <paramref name="sigma"/> voxels (a normalised kernel of 3 sigma a side) along x, y and z,
    /// the edge values repeated beyond the patch.</summary>
    internal static void GaussianBlur(float[] buf, (int D, int H, int W) patch, double sigma) =>
        SeparableFilter.Apply(buf, new VolumeShape(patch.D, patch.H, patch.W), SeparableFilter.NormalisedGaussian(sigma), FilterEdges.Repeat);
}
