using MotorPick.Labels;
using MotorPick.Synthetic.Randomness;
using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic.Output;

/// <summary>A motor as the user's label file has it, with what happened to it.</summary>
public sealed record SimulatedLabel(int MotorIndex, Point3 Truth, Point3? Labelled)
{
    public bool Dropped => Labelled is null;
}

/// <summary>
/// Simulates incomplete, imprecise human labels: each motor is left out with probability <see cref="SynthOptions.LabelDrop"/>
/// and the others move by a normal offset of <see cref="SynthOptions.LabelJitterA"/> Angstrom per axis (kept inside the
/// volume). The draws depend only on (seed, tomogram, motor), and are made for every motor whatever the options.
/// </summary>
public static class LabelSimulator
{
    /// <summary>The true motor positions in voxels (0.1-voxel precision, as written to truth.csv).</summary>
    public static IReadOnlyList<Point3> Truth(TomogramSpec spec) =>
        spec.Motors.Select(m => ToPoint(m.LabelVoxels(spec.SpacingA))).ToList();

    public static IReadOnlyList<SimulatedLabel> Simulate(TomogramSpec spec, SynthOptions options)
    {
        var rng = new CounterRng(spec.Seed, (ulong)spec.Index, Streams.Labels);
        var truth = Truth(spec);
        var result = new List<SimulatedLabel>(truth.Count);
        for (var k = 0; k < truth.Count; k++)
        {
            var drop = rng.NextDouble() < options.LabelDrop;
            var sigma = options.LabelJitterA / spec.SpacingA;
            double oz = rng.Normal() * sigma, oy = rng.Normal() * sigma, ox = rng.Normal() * sigma;
            var t = truth[k];
            var labelled = new Point3(Move(t.Z, oz, spec.Z), Move(t.Y, oy, spec.Y), Move(t.X, ox, spec.X));
            result.Add(new SimulatedLabel(k, t, drop ? null : labelled));
        }
        return result;
    }

    private static double Move(double v, double offset, int n) => Math.Round(Math.Clamp(v + offset, 0, n - 1), 1);

    private static Point3 ToPoint(double[] zyx) => new(zyx[0], zyx[1], zyx[2]);
}
