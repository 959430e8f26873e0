using System.Globalization;
using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Filtering;

namespace MotorPick.Volumes.Statistics;

/// <summary>
/// What a tomogram looks like to a model, in four numbers measured on the volume the model reads (uint8 grey levels at
/// its spacing): where the grey levels sit, how far they spread, which way they lean (the sign follows the contrast
/// polarity), and how much of their spread is finer than a one-voxel Gaussian (noise and resolution). A model's card
/// keeps them for its training tomograms, and predict says when new tomograms look unlike those (<see cref="ImageProfile"/>).
/// Measured on up to <see cref="SampledPlanes"/> whole z planes spread over the middle 80 % of the depth, where the
/// specimen is; each plane's sums are added in plane order, so the numbers do not depend on the thread count.
/// </summary>
public sealed record ImageStatistics(double Mean, double Spread, double Skewness, double FineDetail)
{
    public const int SampledPlanes = 16;

    /// <summary>The Gaussian (in voxels) whose residual is the fine detail.</summary>
    public const double DetailSigma = 1.0;

    /// <summary>The four features, by the name the model card stores them under.</summary>
    public static readonly IReadOnlyList<ImageFeature> Features =
    [
        new("mean", "mean grey level", s => s.Mean),
        new("spread", "grey-level standard deviation", s => s.Spread),
        new("skewness", "grey-level skewness (its sign follows the contrast polarity)", s => s.Skewness),
        new("fine_detail", "share of the grey-level spread finer than a 1-voxel Gaussian (noise, resolution)", s => s.FineDetail),
    ];

    public static ImageStatistics Of(Volume<byte> volume)
    {
        var shape = volume.Shape;
        if (shape.VoxelCount == 0) throw new ArgumentException($"an empty {shape} volume has no image statistics", nameof(volume));
        var planes = PlaneIndices(shape.Z);
        var sums = new PlaneSums[planes.Length];
        var kernel = SeparableFilter.NormalisedGaussian(DetailSigma);
        Parallel.For(0, planes.Length, i => sums[i] = Measure(volume.Plane(planes[i]), shape.Y, shape.X, kernel));

        double n = 0, a1 = 0, a2 = 0, a3 = 0, r1 = 0, r2 = 0;
        foreach (var s in sums) (n, a1, a2, a3, r1, r2) = (n + s.N, a1 + s.A1, a2 + s.A2, a3 + s.A3, r1 + s.R1, r2 + s.R2);
        // moments about the shift (grey level 128) keep the double sums small; exact for uint8 sums of this size
        var mu = a1 / n;
        var m2 = Math.Max(a2 / n - mu * mu, 0);
        var m3 = a3 / n - 3 * mu * (a2 / n) + 2 * mu * mu * mu;
        var spread = Math.Sqrt(m2);
        var residual = Math.Sqrt(Math.Max(r2 / n - (r1 / n) * (r1 / n), 0));
        return spread == 0
            ? new ImageStatistics(mu + Shift, 0, 0, 0)
            : new ImageStatistics(mu + Shift, spread, m3 / (m2 * spread), residual / spread);
    }

    /// <summary>Up to <see cref="SampledPlanes"/> z indices spread evenly over the middle 80 % of <paramref name="depth"/>.</summary>
    public static int[] PlaneIndices(int depth)
    {
        var margin = depth / 10;
        int lo = margin, hi = depth - 1 - margin;
        var count = Math.Min(SampledPlanes, hi - lo + 1);
        return count == 1 ? [lo + (hi - lo) / 2]
            : Enumerable.Range(0, count).Select(i => lo + (int)Math.Round((double)i * (hi - lo) / (count - 1))).Distinct().ToArray();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"mean {Mean:0.#}, spread {Spread:0.#}, skewness {Skewness:0.###}, fine detail {FineDetail:0.###}");

    private const double Shift = 128;

    private readonly record struct PlaneSums(double N, double A1, double A2, double A3, double R1, double R2);

    private static PlaneSums Measure(ReadOnlySpan<byte> plane, int height, int width, float[] kernel)
    {
        var blurred = new float[plane.Length];
        for (var i = 0; i < plane.Length; i++) blurred[i] = plane[i];
        // one plane as a 1-deep volume: with repeated edges the z pass keeps it as it is (the kernel sums to 1)
        SeparableFilter.Apply(blurred, new VolumeShape(1, height, width), kernel, FilterEdges.Repeat);
        double a1 = 0, a2 = 0, a3 = 0, r1 = 0, r2 = 0;
        for (var i = 0; i < plane.Length; i++)
        {
            double a = plane[i] - Shift, r = plane[i] - (double)blurred[i];
            a1 += a;
            a2 += a * a;
            a3 += a * a * a;
            r1 += r;
            r2 += r * r;
        }
        return new PlaneSums(plane.Length, a1, a2, a3, r1, r2);
    }
}

/// <summary>One number of <see cref="ImageStatistics"/>: its name in a model card, what it means, and how to read it.</summary>
public sealed record ImageFeature(string Name, string Meaning, Func<ImageStatistics, double> Of);
