using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Rounds.Demo;

namespace MotorPick.Rounds.Tests;

public class DemoMetricsTests
{
    [Fact]
    public void Label_quality_counts_labels_against_the_truth_within_1000_angstrom()
    {
        var shape = new TomoShape(100, 100, 100);
        var truth = new GtTable([new GtRow("a", shape, 100, [new Point3(10, 10, 10), new Point3(80, 80, 80)]), new GtRow("b", shape, 100, [])], GtLayout.Short);
        var labels = new GtTable([new GtRow("a", shape, 100, [new Point3(12, 10, 10)]), new GtRow("b", shape, 100, [new Point3(50, 50, 50)])], GtLayout.Short);
        var q = DemoRunner.Quality(truth, labels);
        Assert.Equal((2, 2, 1, 1, 1), (q.Labels, q.TrueMotors, q.Tp, q.Fp, q.Fn));
        Assert.Equal(0.5, q.Precision);
        Assert.Equal(0.5, q.Recall);
    }
}
