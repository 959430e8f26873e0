using MotorPick.Inference.Ensemble;
using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Inference.Tests.Ensemble;

public class CandidateEnsembleTests
{
    [Fact]
    public void FusesPerTomogramIgnoringNoneRowsAndUsesSpacingForTheDistance()
    {
        IReadOnlyList<Prediction> a = [new("t1", new(100, 200, 300), 0.6), new("t2", Point3.None, 0.0)];
        IReadOnlyList<Prediction> b = [new("t1", new(110, 200, 300), 0.4), new("t2", new(5, 5, 5), 0.1)];
        var files = new[] { a, b, a.Take(0).ToArray(), Array.Empty<Prediction>(), Array.Empty<Prediction>(), Array.Empty<Prediction>() };
        var fused = CandidateEnsemble.Fuse(files, _ => 13.1, new WbfOptions { SkipThr = 0.2 });
        Assert.Equal(2, fused.Count);
        Assert.Equal("t1", fused[0].TomoId);
        Assert.Equal(104, fused[0].Point.Z, 4);
        Assert.Equal(0.1666667, fused[0].Conf!.Value, 6);
        Assert.Equal(new Prediction("t2", Point3.None, 0.0), fused[1]); // 0.1 < skip 0.2
    }

    [Fact]
    public void DistanceThresholdIsThousandAngstromInVoxels()
    {
        IReadOnlyList<Prediction> a = [new("t", new(0, 0, 0), 0.9)];
        IReadOnlyList<Prediction> b = [new("t", new(0, 0, 70), 0.9)];
        Assert.Single(CandidateEnsemble.Fuse([a, b], _ => 13.1, new WbfOptions()));            // 70 < 76.3
        Assert.Equal(2, CandidateEnsemble.Fuse([a, b], _ => 15.6, new WbfOptions(), topOnly: false).Count); // 70 > 64.1
    }
}
