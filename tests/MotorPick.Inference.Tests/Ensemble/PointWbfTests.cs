using MotorPick.Inference.Ensemble;

namespace MotorPick.Inference.Tests.Ensemble;

public class PointWbfTests
{
    private static IReadOnlyList<ScoredPoint>[] Aggs(int n, params (int Agg, ScoredPoint P)[] points) =>
        Enumerable.Range(0, n).Select(i => (IReadOnlyList<ScoredPoint>)points.Where(p => p.Agg == i).Select(p => p.P).ToArray()).ToArray();

    [Fact]
    public void Fact24_TwoAggsOfSixFuse()
    {
        var fused = PointWbf.Fuse(Aggs(6, (0, new(100, 200, 300, 0.6)), (1, new(110, 200, 300, 0.4))), null,
            new WbfOptions { DistThr = 1000 / 13.1, SkipThr = 0.2 });
        var p = Assert.Single(fused);
        Assert.Equal(104, p.Z, 4);
        Assert.Equal(200, p.Y, 4);
        Assert.Equal(300, p.X, 4);
        Assert.Equal(0.1666667, p.Score, 6);
    }

    [Fact]
    public void Fact24_ScoreBelowSkipGivesNothing() =>
        Assert.Empty(PointWbf.Fuse(Aggs(6, (0, new(1, 2, 3, 0.19))), null, new WbfOptions { DistThr = 76, SkipThr = 0.2 }));

    [Fact]
    public void DistanceMustBeStrictlyBelowTheThreshold()
    {
        var fused = PointWbf.Fuse(Aggs(2, (0, new(0, 0, 0, 0.9)), (1, new(0, 0, 10, 0.8))), null, new WbfOptions { DistThr = 10, SkipThr = 0 });
        Assert.Equal(2, fused.Count);
        Assert.Equal([0.45, 0.4], fused.Select(f => Math.Round(f.Score, 6)));
    }

    [Fact]
    public void PointJoinsTheNearestCurrentFusedPoint()
    {
        // Sorted by score: A(0.9) at 0, B(0.8) at 30 (new cluster), C(0.7) at 14: nearer to A than to B.
        var fused = PointWbf.Fuse(Aggs(3, (0, new(0, 0, 0, 0.9)), (1, new(30, 0, 0, 0.8)), (2, new(14, 0, 0, 0.7))), null,
            new WbfOptions { DistThr = 20, SkipThr = 0 });
        Assert.Equal(2, fused.Count);
        var a = fused.Single(f => f.Z < 15);
        Assert.Equal(14 * 0.7 / 1.6, a.Z, 5);
        Assert.Equal((float)((float)(1.6 / 2) * 2.0 / 3), a.Score, 6); // float32 fused conf, min(W, n) / W
    }

    [Fact]
    public void SeveralPointsOfOneModelCanShareACluster()
    {
        var fused = PointWbf.Fuse(Aggs(1, (0, new(0, 0, 0, 0.5)), (0, new(1, 0, 0, 0.5))), null, new WbfOptions { DistThr = 5, SkipThr = 0 });
        var p = Assert.Single(fused);
        Assert.Equal(0.5, p.Score, 6); // mean 0.5 * min(1, 2) / 1
        Assert.Equal(0.5, p.Z, 6);
    }

    [Fact]
    public void WeightsScaleScoresAndTheDenominator()
    {
        var fused = PointWbf.Fuse(Aggs(2, (0, new(0, 0, 0, 0.6)), (1, new(2, 0, 0, 0.6))), [2.0, 1.0], new WbfOptions { DistThr = 5, SkipThr = 0 });
        var p = Assert.Single(fused);
        // stored scores 1.2 and 0.6: fused z = (0 * 1.2 + 2 * 0.6) / 1.8; conf = 0.9 * min(3, 2) / 3
        Assert.Equal(2 * 0.6 / 1.8, p.Z, 5);
        Assert.Equal(0.6, p.Score, 5);
    }

    [Fact]
    public void MaxConfTypeTakesTheHighestScore()
    {
        var fused = PointWbf.Fuse(Aggs(2, (0, new(0, 0, 0, 0.6)), (1, new(2, 0, 0, 0.4))), null,
            new WbfOptions { DistThr = 5, SkipThr = 0, ConfType = WbfConfType.Max });
        Assert.Equal(0.6, Assert.Single(fused).Score, 6);
    }

    [Fact]
    public void EqualScoresFollowNumpysReversedStableSorts()
    {
        // numpy argsort()[::-1] on a small array is a stable ascending sort, reversed: the prefilter puts the later
        // point (z 100) first, so it opens the first cluster; the final sort reverses the cluster order again.
        var fused = PointWbf.Fuse(Aggs(2, (0, new(0, 0, 0, 0.5)), (1, new(100, 0, 0, 0.5))), null, new WbfOptions { DistThr = 5, SkipThr = 0 });
        Assert.Equal([0.0, 100.0], fused.Select(f => f.Z));
    }
}
