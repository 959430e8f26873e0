using MotorPick.Synthetic.Randomness;

namespace MotorPick.Synthetic.Randomisation;

/// <summary>
/// One randomised parameter: a uniform training range and a disjoint held-out set of intervals (drawn uniformly over
/// their total length). <see cref="Covers"/> names the real-data figure the range is meant to cover (docs/synthetic.md).
/// </summary>
public sealed record ParameterRange(string Name, ParameterFamily Family, string Unit, double TrainLo, double TrainHi,
    (double Lo, double Hi)[] HeldOut, string Covers)
{
    /// <summary>A value from the training range, or from the held-out intervals when <paramref name="heldOut"/>.</summary>
    public double Draw(ref CounterRng rng, bool heldOut)
    {
        if (!heldOut || HeldOut.Length == 0) return rng.Uniform(TrainLo, TrainHi);
        var total = HeldOut.Sum(i => i.Hi - i.Lo);
        var u = rng.Uniform(0, total);
        foreach (var (lo, hi) in HeldOut)
        {
            if (u <= hi - lo) return lo + u;
            u -= hi - lo;
        }
        return HeldOut[^1].Hi;
    }

    public bool InTraining(double v) => v >= TrainLo && v <= TrainHi;

    public bool InHeldOut(double v) => HeldOut.Any(i => v >= i.Lo && v <= i.Hi);
}
