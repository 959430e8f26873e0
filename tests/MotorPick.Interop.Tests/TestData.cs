using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Interop.Tests;

/// <summary>Pick sets and golden files shared by the interop tests.</summary>
internal static class TestData
{
    public static readonly TomogramGeometry Tomo00e047 = new(new TomoShape(300, 959, 928), 15.6);
    public static readonly Point3 Motor00e047 = new(169, 546, 603);

    public static string Golden(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Golden", .. parts]);

    public static string Ref(params string[] parts) => Fixtures.Path(["reference", .. parts]);

    public static PickSet Golden00e047(PickKind kind = PickKind.Labels) =>
        new(kind, [new TomogramPicks("tomo_00e047", Tomo00e047, [new Pick(Motor00e047, kind == PickKind.Candidates ? 1.0 : null)])]);

    /// <summary>
    /// Tomograms with odd and even sizes and several voxel spacings, motors spread over the volume including the
    /// extreme inside positions -0.5 and n-0.5-ε, one tomogram without motors.
    /// </summary>
    public static PickSet Varied(PickKind kind, int seed = 7)
    {
        var rng = new Random(seed);
        (TomoShape Shape, double Spacing)[] grids =
        [
            (new TomoShape(300, 959, 928), 15.6),
            (new TomoShape(301, 960, 927), 13.1),
            (new TomoShape(500, 1912, 1847), 6.5),
            (new TomoShape(256, 646, 650), 16.145),
            (new TomoShape(1, 2, 3), 19.733),
            (new TomoShape(541, 625, 647), 16.0),
        ];
        var tomograms = new List<TomogramPicks>();
        for (var i = 0; i < grids.Length; i++)
        {
            var (shape, spacing) = grids[i];
            var picks = new List<Pick>();
            var n = i == 3 ? 0 : 1 + rng.Next(4);
            for (var k = 0; k < n; k++)
            {
                var p = new Point3(Coord(rng, shape.Z), Coord(rng, shape.Y), Coord(rng, shape.X));
                if (k == 1) p = new Point3(-0.5, -0.5, -0.5);
                if (k == 2) p = new Point3(shape.Z - 0.5 - 1e-9, shape.Y - 0.5 - 1e-9, shape.X - 0.5 - 1e-9);
                picks.Add(new Pick(p, kind == PickKind.Candidates ? Math.Round(rng.NextDouble(), 6) : null));
            }
            tomograms.Add(new TomogramPicks($"tomo_{i:d2}{(i % 2 == 0 ? "even" : "odd")}", new TomogramGeometry(shape, spacing), picks));
        }
        return new PickSet(kind, tomograms);
    }

    private static double Coord(Random rng, int n) => rng.Next(2) == 0 ? rng.Next(n) : rng.NextDouble() * n - 0.5;

    /// <summary>Asserts the same tomograms, grids, picks (to 1e-6 Å) and scores (to 1e-12).</summary>
    public static void AssertSame(PickSet expected, PickSet actual, double toleranceAngst = 1e-6)
    {
        Assert.Equal(expected.Kind, actual.Kind);
        Assert.Equal(expected.Tomograms.Select(t => t.TomoId).Order(StringComparer.Ordinal), actual.Tomograms.Select(t => t.TomoId).Order(StringComparer.Ordinal));
        foreach (var e in expected.Tomograms)
        {
            var a = actual.Tomograms.Single(t => t.TomoId == e.TomoId);
            Assert.Equal(e.Geometry.Shape, a.Geometry.Shape);
            Assert.Equal(e.Geometry.VoxelSpacing, a.Geometry.VoxelSpacing, 12);
            Assert.Equal(e.Picks.Count, a.Picks.Count);
            for (var i = 0; i < e.Picks.Count; i++)
            {
                var d = e.Picks[i].Point.DistanceTo(a.Picks[i].Point) * e.Geometry.VoxelSpacing;
                Assert.True(d <= toleranceAngst, $"{e.TomoId} pick {i}: {e.Picks[i].Point} came back as {a.Picks[i].Point} ({d} Å off)");
                if (expected.Kind == PickKind.Candidates) Assert.Equal(e.Picks[i].Score!.Value, a.Picks[i].Score!.Value, 12);
                else Assert.Null(a.Picks[i].Score);
            }
        }
    }
}
