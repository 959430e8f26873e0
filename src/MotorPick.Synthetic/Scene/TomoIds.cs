using System.Globalization;
using MotorPick.Synthetic.Randomness;

namespace MotorPick.Synthetic.Scene;

/// <summary>Competition-style ids (<c>tomo_</c> + 6 hex digits) derived from (seed, index); a clash with a lower index
/// is resolved by re-hashing, so id i depends only on the seed and i.</summary>
public static class TomoIds
{
    public static IReadOnlyList<string> For(ulong seed, int count)
    {
        var ids = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            for (ulong attempt = 0; ; attempt++)
            {
                var h = CounterRng.Hash(seed, (ulong)i, 0x7D0_1D5UL, attempt);
                var id = "tomo_" + ((uint)(h >> 40)).ToString("x6", CultureInfo.InvariantCulture);
                if (seen.Add(id))
                {
                    ids.Add(id);
                    break;
                }
            }
        }
        return ids;
    }
}
