using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;

namespace MotorPick.Labels.Tests.Metrics;

public class LocalValidationTests
{
    private static GtRow Gt(string id, params Point3[] motors) => new(id, new TomoShape(1000, 1000, 1000), 10.0, motors);

    [Fact]
    public void Precision_recall_curve_matches_sklearn()
    {
        // sklearn.metrics.precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
        // -> precision [0.5, 0.66666667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
        var c = PrecisionRecallCurve.Compute([false, false, true, true], [0.1, 0.4, 0.35, 0.8]);
        Assert.Equal([0.5, 2.0 / 3, 0.5, 1, 1], c.Precision);
        Assert.Equal([1, 1, 0.5, 0.5, 0], c.Recall);
        Assert.Equal([0.1, 0.35, 0.4, 0.8], c.Thresholds);
        // AP as -trapz(P, R): 0 + 0.5*(2/3+0.5)/2 ... = 0.2916666 + 0 + 0.5
        Assert.Equal(0.5 * (2.0 / 3 + 0.5) / 2 + 0.5 * 1.0, c.PartialAveragePrecision(0, false), 12);
    }

    [Fact]
    public void Perfect_predictions_give_F2_one_and_AP_one()
    {
        var sol = new GtTable([Gt("a", new Point3(1, 1, 1)), Gt("b"), Gt("c", new Point3(5, 5, 5)), Gt("d")], GtLayout.Short);
        var preds = new[]
        {
            new Prediction("a", new Point3(1, 1, 1), 0.9), new Prediction("b", Point3.None, 0.0),
            new Prediction("c", new Point3(5, 5, 6), 0.8), new Prediction("d", new Point3(3, 3, 3), 0.1),
        };
        var r = LocalValidation.Compute(sol, preds);
        Assert.Equal(1.0, r.BestF2);
        Assert.Equal(0.8, r.Threshold);
        Assert.Equal(1.0, r.AP, 12);
        Assert.Equal(1.0, r.PartialAP, 12);
        Assert.Equal(1.0, r.KaggleF2);
    }

    [Fact]
    public void A_far_positive_gets_score_minus_one_and_lowers_recall()
    {
        var sol = new GtTable([Gt("a", new Point3(1, 1, 1)), Gt("b", new Point3(500, 500, 500))], GtLayout.Short);
        var preds = new[] { new Prediction("a", new Point3(1, 1, 1), 0.9), new Prediction("b", new Point3(1, 1, 1), 0.95) };
        var r = LocalValidation.Compute(sol, preds);
        Assert.Equal(0.5, r.Recall);
        Assert.Equal(0.9, r.Threshold);
    }
}
