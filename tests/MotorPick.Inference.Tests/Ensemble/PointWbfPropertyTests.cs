using CsCheck;
using MotorPick.Inference.Ensemble;
using MotorPick.Tests.Properties;

namespace MotorPick.Inference.Tests.Ensemble;

/// <summary>
/// Properties of <see cref="PointWbf"/>: with distinct scores (ties are broken by input order, as numpy's argsort does)
/// the result does not depend on the order of the models or of their points; a fused point lies inside the bounding box
/// of its cluster; results are sorted by confidence.
/// </summary>
public class PointWbfPropertyTests
{
    /// <summary>Weights whose sums are exact in any order (so the normalisation W does not depend on the model order).</summary>
    private static readonly Gen<double> Weight = Gen.OneOf(0.5, 1.0, 1.5, 2.0);

    private static readonly Gen<WbfOptions> Options =
        from dist in Gen.Double[2, 30]
        from skip in Gen.OneOf(0.0, 0.2, 0.5)
        from conf in Gen.Enum<WbfConfType>()
        from overflow in Gen.Bool
        select new WbfOptions { DistThr = dist, SkipThr = skip, ConfType = conf, AllowsOverflow = overflow };

    private static readonly Gen<ScoredPoint> Point =
        Gen.Select(Gen.Double[0, 60], Gen.Double[0, 60], Gen.Double[0, 60], Gen.Double[0.01, 1], (z, y, x, s) => new ScoredPoint(z, y, x, s));

    private static readonly Gen<(ScoredPoint[][] Models, double[]? Weights, WbfOptions Options)> Inputs =
        from models in Gen.Int[1, 4]
        from points in Point.Array[0, 8].Array[models]
        from weights in Gen.OneOf(Gen.Const((double[]?)null), Weight.Array[models].Select(w => (double[]?)w))
        from options in Options
        select (points, weights, options);

    private static string Print((ScoredPoint[][] Models, double[]? Weights, WbfOptions Options) t) =>
        $"{t.Options} weights [{string.Join(", ", t.Weights ?? [])}] models " +
        string.Join(" | ", t.Models.Select(m => string.Join("; ", m.Select(p => $"({p.Z:R}, {p.Y:R}, {p.X:R}) {p.Score:R}"))));

    [Fact]
    public void Permuting_the_models_and_their_points_does_not_change_the_result()
    {
        var gen =
            from input in Inputs
            from modelOrder in Gen.Shuffle(Enumerable.Range(0, input.Models.Length).ToArray())
            from pointOrder in Gen.Shuffle(Enumerable.Range(0, input.Models.Sum(m => m.Length)).ToArray())
            select (input, modelOrder, pointOrder);
        gen.Check(t =>
        {
            var ((models, weights, options), order, pointOrder) = t;
            var weighted = models.SelectMany((m, i) => m.Select(p => p.Score * (weights?[i] ?? 1))).ToArray();
            if (weighted.Distinct().Count() != weighted.Length) return; // ties: input order decides, by design
            var expected = PointWbf.Fuse(models, weights, options);
            // Shuffle the points of every model (one permutation of all points, read model by model), then the models.
            var flat = models.SelectMany((m, i) => m.Select(p => (Model: i, Point: p))).ToArray();
            var shuffled = pointOrder.Select(k => flat[k]).ToArray();
            var permuted = order.Select(i => (IReadOnlyList<ScoredPoint>)shuffled.Where(f => f.Model == i).Select(f => f.Point).ToArray()).ToArray();
            var actual = PointWbf.Fuse(permuted, weights is null ? null : order.Select(i => weights[i]).ToArray(), options);
            Assert.Equal(expected, actual);
        }, iter: 300, stream: 801, print: t => Print(t.input));
    }

    [Fact]
    public void Fused_points_are_sorted_by_confidence_and_come_from_surviving_points()
    {
        Inputs.Check(t =>
        {
            var (models, weights, options) = t;
            var fused = PointWbf.Fuse(models, weights, options);
            var surviving = models.SelectMany(m => m).Where(p => p.Score >= options.SkipThr).ToArray();
            Assert.InRange(fused.Count, surviving.Length == 0 ? 0 : 1, surviving.Length);
            for (var i = 1; i < fused.Count; i++) Assert.True(fused[i - 1].Score >= fused[i].Score);
            Assert.All(fused, f => Assert.True(f.Score > 0));
        }, iter: 300, stream: 802, print: Print);
    }

    /// <summary>Groups of points around centres 20 clustering distances apart, each group within 0.4 of the distance
    /// of its centre: each group is exactly one cluster, whatever the scores.</summary>
    private static readonly Gen<(ScoredPoint[][] Models, List<ScoredPoint>[] Groups, double[]? Weights, WbfOptions Options)> Clustered =
        from options in Options
        from groupCount in Gen.Int[1, 4]
        from models in Gen.Int[1, 4]
        let r = 0.4 * options.DistThr / Math.Sqrt(3)
        from points in Gen.Select(Gen.Int[0, groupCount - 1], Gen.Int[0, models - 1], Gen.Double[-r, r].Array[3], Gen.Double[0.01, 1]).Array[1, 16]
        from weights in Gen.OneOf(Gen.Const((double[]?)null), Weight.Array[models].Select(w => (double[]?)w))
        select Build(points, groupCount, models, 20 * options.DistThr, weights, options);

    private static (ScoredPoint[][], List<ScoredPoint>[], double[]?, WbfOptions) Build((int Group, int Model, double[] Offset, double Score)[] points,
        int groups, int models, double spacing, double[]? weights, WbfOptions options)
    {
        var perModel = Enumerable.Range(0, models).Select(_ => new List<ScoredPoint>()).ToArray();
        var perGroup = Enumerable.Range(0, groups).Select(_ => new List<ScoredPoint>()).ToArray();
        foreach (var (g, m, o, s) in points)
        {
            var p = new ScoredPoint(100 + g * spacing + o[0], 50 + o[1], 70 + g * spacing / 2 + o[2], s);
            perModel[m].Add(p);
            if (s >= options.SkipThr) perGroup[g].Add(p);
        }
        return (perModel.Select(l => l.ToArray()).ToArray(), perGroup, weights, options);
    }

    [Fact]
    public void A_fused_point_lies_in_the_bounding_box_of_its_cluster()
    {
        Clustered.Check(t =>
        {
            var (models, groups, weights, options) = t;
            var fused = PointWbf.Fuse(models, weights, options);
            var clusters = groups.Where(g => g.Count > 0).ToArray();
            Assert.Equal(clusters.Length, fused.Count);
            foreach (var f in fused)
            {
                // The reference accumulates the box in float32: allow a few float32 ulps (2^-23 relative) beyond the box.
                static bool Within(double v, IEnumerable<double> c)
                {
                    var tol = 1e-6 * Math.Max(1, Math.Abs(v));
                    return v >= c.Min() - tol && v <= c.Max() + tol;
                }
                var inBox = clusters.Where(c => Within(f.Z, c.Select(p => p.Z)) && Within(f.Y, c.Select(p => p.Y)) && Within(f.X, c.Select(p => p.X))).ToArray();
                Assert.True(inBox.Length == 1, $"fused point {f} lies in the bounding boxes of {inBox.Length} clusters; fused: {string.Join("; ", fused)}");
                var owner = inBox[0];
                if (options.ConfType != WbfConfType.BoxAndModelAvg && !options.AllowsOverflow)
                {
                    var best = owner.Max(p => p.Score * (weights?[Array.FindIndex(models, m => m.Contains(p))] ?? 1));
                    Assert.True(f.Score <= best * (1 + 1e-6), $"conf {f.Score} above the best weighted score {best}");
                }
            }
        }, iter: 300, stream: 803, print: t => Print((t.Models, t.Weights, t.Options)));
    }
}
