using MotorPick.Core;

namespace MotorPick.Synthetic.Randomness;

/// <summary>
/// A counter-based random generator: every stream is keyed by (seed, tomogram, stream) and advances a
/// SplitMix64 counter, so tomogram i gets the same numbers whatever else is generated, on any machine
/// (System.Random's algorithm is unspecified across .NET versions, so it is never used).
/// </summary>
public struct CounterRng
{
    private ulong _state;

    public CounterRng(ulong seed, ulong tomogram, ulong stream)
    {
        _state = Hash(seed, tomogram, stream);
    }

    /// <summary>The SplitMix64 finaliser (<see cref="StableHash.Mix"/>).</summary>
    public static ulong Mix(ulong z) => StableHash.Mix(z);

    /// <summary>A stateless hash of up to four 64-bit keys (<see cref="StableHash.Combine"/>).</summary>
    public static ulong Hash(ulong a, ulong b, ulong c = 0, ulong d = 0) => StableHash.Combine(a, b, c, d);

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [lo, hi).</summary>
    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Uniform integer in [lo, hi] (inclusive).</summary>
    public int Int(int lo, int hi) => lo + (int)(NextDouble() * (hi - lo + 1));

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Standard normal sample (Marsaglia polar method with the deterministic log).</summary>
    public double Normal()
    {
        while (true)
        {
            var u = 2 * NextDouble() - 1;
            var v = 2 * NextDouble() - 1;
            var s = u * u + v * v;
            if (s <= 0 || s >= 1) continue;
            return u * Math.Sqrt(-2 * DetMath.Log(s) / s);
        }
    }

    /// <summary>Picks an index with probability proportional to <paramref name="weights"/>.</summary>
    public int Pick(ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (var w in weights) total += w;
        var r = NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.Length - 1;
    }
}
