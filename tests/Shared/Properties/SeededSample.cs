using CsCheck;

namespace MotorPick.Tests.Properties;

/// <summary>
/// Runs a CsCheck property over a fixed list of seeds, so that CI sees the same inputs on every run (CsCheck's own
/// <c>seed:</c> only fixes the first iteration; the rest come from a clock-seeded PCG). When a seed fails, CsCheck is
/// run again from it with random iterations to shrink the failure; its exception names the smallest failing seed
/// (<c>Set seed: "..."</c>), which reproduces it with <c>gen.Sample(assert, seed: "...")</c>.
/// For a longer soak run set <c>MOTORPICK_PROPERTY_SCALE=N</c>: each property then runs N times its iterations (the
/// first seeds are the CI ones, the rest new).
/// </summary>
public static class SeededSample
{
    /// <summary>Iterations used to shrink a failure (only after a seed has failed).</summary>
    private const int ShrinkIterations = 2000;

    private static readonly int Scale =
        int.TryParse(Environment.GetEnvironmentVariable("MOTORPICK_PROPERTY_SCALE"), out var n) && n > 0 ? n : 1;

    /// <summary>Checks <paramref name="assert"/> on <paramref name="iter"/> inputs of <paramref name="gen"/> drawn from
    /// PCG stream <paramref name="stream"/> (use a different stream per property).</summary>
    public static void Check<T>(this Gen<T> gen, Action<T> assert, int iter, uint stream, Func<T, string>? print = null)
    {
        for (var i = 0; i < iter * Scale; i++)
        {
            var seed = new PCG(stream, 0x9E3779B97F4A7C15UL * (ulong)(i + 1)).ToString();
            try
            {
                gen.Sample(assert, seed: seed, iter: 1, threads: 1, print: print);
            }
            catch (CsCheckException)
            {
                // Deterministic failure at this seed: let CsCheck shrink it (this call throws the smallest case found).
                gen.Sample(assert, seed: seed, iter: ShrinkIterations, print: print);
                throw;
            }
        }
    }
}
