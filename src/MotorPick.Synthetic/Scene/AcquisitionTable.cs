using MotorPick.Synthetic.Randomness;

namespace MotorPick.Synthetic.Scene;

/// <summary>
/// The (voxel spacing, Z, Y, X) combinations of the 648 competition train tomograms with their counts
/// (from the reference's gt.csv), so that drawn acquisitions follow the real joint distribution.
/// </summary>
public static class AcquisitionTable
{
    /// <summary>(count, spacing in A, Z, Y, X).</summary>
    public static IReadOnlyList<(int Count, double Spacing, int Z, int Y, int X)> Rows { get; } =
    [
        (145, 13.1, 300, 960, 928), (80, 15.6, 300, 960, 928), (70, 15.6, 300, 959, 928), (67, 16.8, 300, 960, 928),
        (59, 13.1, 800, 928, 960), (48, 19.7, 500, 924, 956), (24, 13.1, 300, 928, 928), (21, 16.1, 800, 928, 960),
        (21, 13.1, 500, 928, 960), (19, 15.6, 300, 928, 928), (18, 13.3, 500, 1024, 1440), (16, 16.1, 500, 924, 956),
        (12, 16.8, 300, 928, 928), (10, 13.1, 800, 927, 959), (8, 19.3, 800, 928, 928), (7, 19.2, 300, 960, 928),
        (5, 16.8, 500, 960, 928), (3, 13.1, 800, 928, 928), (2, 6.5, 500, 1912, 1847), (1, 16.1, 600, 928, 960),
        (1, 16.8, 500, 928, 928), (1, 16.1, 300, 956, 924), (1, 15.6, 600, 960, 928), (1, 15.6, 400, 960, 928),
        (1, 13.2, 300, 928, 928), (1, 19.7, 300, 924, 956), (1, 16.1, 300, 960, 928), (1, 19.3, 600, 928, 928),
        (1, 6.5, 494, 1912, 1847), (1, 19.3, 500, 928, 928), (1, 13.2, 800, 928, 928), (1, 13.1, 500, 927, 959),
    ];

    /// <summary>Draws one row with probability proportional to its count.</summary>
    public static (double Spacing, int Z, int Y, int X) Draw(ref CounterRng rng)
    {
        Span<double> w = stackalloc double[Rows.Count];
        for (var i = 0; i < w.Length; i++) w[i] = Rows[i].Count;
        var r = Rows[rng.Pick(w)];
        return (r.Spacing, r.Z, r.Y, r.X);
    }
}
