using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;

namespace MotorPick.Labels.Tests.Metrics;

public class MotorMatcherTests
{
    [Fact]
    public void Each_label_is_matched_at_most_once_greedy_by_confidence()
    {
        Point3[] labels = [new(10, 10, 10), new(50, 50, 50)];
        Prediction[] preds =
        [
            new("t", new Point3(11, 10, 10), 0.5),
            new("t", new Point3(10, 10, 10), 0.9), // best: takes label 0
            new("t", new Point3(49, 50, 50), 0.7),
            new("t", new Point3(200, 200, 200), 0.8),
        ];
        var m = MotorMatcher.Match("t", labels, preds, radiusVoxels: 20);
        Assert.Equal([new MotorMatch(0, 1, 0), new MotorMatch(1, 2, 1)], m.Matches);
        Assert.Equal([3, 0], m.UnmatchedPredictions);
        Assert.Empty(m.UnmatchedLabels);
    }

    [Fact]
    public void Table_score_counts_all_motors()
    {
        var gt = new GtTable(
        [
            new GtRow("a", new TomoShape(100, 100, 100), 10, [new Point3(10, 10, 10), new Point3(80, 80, 80)]),
            new GtRow("b", new TomoShape(100, 100, 100), 10, []),
        ], GtLayout.Short);
        var s = MotorMatcher.Score(gt, [new("a", new Point3(12, 10, 10), 0.9), new("b", new Point3(5, 5, 5), 0.6), new("b", new Point3(5, 5, 5), 0.01)], minConf: 0.05);
        Assert.Equal((1, 1, 1), (s.Tp, s.Fp, s.Fn));
    }
}
