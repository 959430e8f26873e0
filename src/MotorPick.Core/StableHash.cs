namespace MotorPick.Core;

/// <summary>
/// Hashes that are the same in every process and on every machine, for deriving random seeds. .NET's
/// <see cref="HashCode"/> and <c>string.GetHashCode</c> are salted per process, so seeds built from them made two runs
/// with the same seed differ.
/// </summary>
public static class StableHash
{
    /// <summary>The SplitMix64 finaliser (Stafford variant 13): a strong 64-bit bijective mix.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A hash of up to four 64-bit keys; each key position has its own offset, so (a, b) and (b, a) differ.</summary>
    public static ulong Combine(ulong a, ulong b, ulong c = 0, ulong d = 0)
    {
        var h = Mix(a + 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ (b + 0x632BE59BD9B4E019UL));
        h = Mix(h ^ (c + 0x8CB92BA72F3D8DD7UL));
        return Mix(h ^ (d + 0xA0761D6478BD642FUL));
    }

    /// <summary><see cref="Combine"/> folded to a non-negative <see cref="Random"/> seed.</summary>
    public static int Seed(long a, long b, long c = 0, long d = 0) =>
        (int)(Combine((ulong)a, (ulong)b, (ulong)c, (ulong)d) >> 33);
}
