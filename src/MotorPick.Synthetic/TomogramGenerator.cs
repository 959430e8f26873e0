using MotorPick.Synthetic.Imaging;
using MotorPick.Synthetic.Rendering;
using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic;

/// <summary>Generates synthetic tomograms: scene sampling, density rendering and the imaging model.</summary>
public static class TomogramGenerator
{
    /// <summary>Bumped whenever the same options start to give different output, so that resuming refuses stale data.</summary>
    public const int Version = 1;

    /// <summary>Draws the scene of tomogram <paramref name="index"/> (no voxels).</summary>
    public static TomogramSpec Sample(SynthOptions options, int index) =>
        SceneSampler.Sample(options, index, TomoIds.For(options.Seed, index + 1)[index]);

    /// <summary>All scenes of a data set (cheap).</summary>
    public static IReadOnlyList<TomogramSpec> SampleAll(SynthOptions options)
    {
        var ids = TomoIds.For(options.Seed, options.Count);
        return Enumerable.Range(0, options.Count).Select(i => SceneSampler.Sample(options, i, ids[i])).ToList();
    }

    /// <summary>Renders <paramref name="spec"/> with up to <paramref name="threads"/> threads (the result does not depend on it).</summary>
    public static SyntheticTomogram Render(TomogramSpec spec, int threads = 0)
    {
        if (threads <= 0) threads = Environment.ProcessorCount;
        var volume = new float[spec.VoxelCount];
        DensityRenderer.Render(spec, volume, threads);
        var signalStd = spec.Randomised is null ? ImagingModel.Apply(spec, volume, threads) : FourierImaging.Apply(spec, volume, threads);
        var (mean, variance) = ImagingModel.Moments(volume, spec.Z, spec.Y * spec.X, threads);
        var p = spec.Imaging.Percentiles;
        var (lo, hi) = Histogram.Percentiles(volume, spec.Z, spec.Y * spec.X, p[0] / 100, p[1] / 100, threads);
        return new SyntheticTomogram(spec, volume, lo, hi, mean, Math.Sqrt(variance), signalStd);
    }

    /// <summary>The noise-free density of <paramref name="spec"/> (before imaging), for templates and tests.</summary>
    public static float[] RenderDensity(TomogramSpec spec, int threads = 0)
    {
        if (threads <= 0) threads = Environment.ProcessorCount;
        var volume = new float[spec.VoxelCount];
        DensityRenderer.Render(spec, volume, threads);
        return volume;
    }
}
