using MotorPick.Core;
using MotorPick.Inference.Submission;
using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Inference.Tests.Submission;

public class SubmissionBuilderTests
{
    [Fact]
    public void Fact26_QuantileThresholdKeepsTies()
    {
        var confs = new[] { 0.0, 0.1, 0.2, 0.3, 0.9 };
        var rows = confs.Select((c, i) => c == 0 ? new Prediction($"t{i}", Point3.None, 0.0) : new Prediction($"t{i}", new(1, 2, 3), c)).ToArray();
        var (result, thr) = SubmissionBuilder.Build(rows, 0.55, null);
        Assert.Equal(0.22, thr, 12);
        Assert.Equal([false, false, false, true, true], result.Select(r => r.HasMotor));
        // A conf equal to the threshold stays positive.
        Assert.True(SubmissionBuilder.ApplyThreshold(result, 0.3)[3].HasMotor);
    }

    [Fact]
    public void TopPerTomogramTakesTheBestCandidateInIdOrder()
    {
        Prediction[] rows = [new("b", new(1, 1, 1), 0.2), new("a", Point3.None, 0.0), new("b", new(2, 2, 2), 0.7), new("b", new(3, 3, 3), 0.7)];
        var top = SubmissionBuilder.TopPerTomogram(rows);
        Assert.Equal(["a", "b"], top.Select(t => t.TomoId));
        Assert.Equal(new Point3(2, 2, 2), top[1].Point);
        Assert.Equal(0.0, top[0].Conf);
    }

    [Fact]
    public void FixedThreshold()
    {
        Prediction[] rows = [new("a", new(1, 1, 1), 0.2), new("b", new(1, 1, 1), 0.5)];
        var (result, thr) = SubmissionBuilder.Build(rows, null, 0.5);
        Assert.Equal(0.5, thr);
        Assert.Equal([false, true], result.Select(r => r.HasMotor));
    }

    [Fact]
    public void NeedsExactlyOneRule() =>
        Assert.Throws<MotorPickException>(() => SubmissionBuilder.Build([], 0.5, 0.5));
}
