using MotorPick.Core;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;

namespace MotorPick.Labels.Tests.Metrics;

public class KaggleScoreTests
{
    private static GtRow Gt(string id, params Point3[] motors) => new(id, new TomoShape(1000, 1000, 1000), 10.0, motors);

    private static readonly GtTable DocSolution = new(
    [
        Gt("0"), Gt("1", new Point3(250, 250, 250)), Gt("2", new Point3(100, 100, 100)), Gt("3", new Point3(200, 200, 200)),
    ], GtLayout.Short);

    [Fact]
    public void Docstring_example_gives_the_reference_score() // docs/reference.md 9.25
    {
        var sub = new[]
        {
            new Prediction("0", new Point3(100, 100, 100)), new Prediction("1", new Point3(251, 251, 251)),
            new Prediction("2", new Point3(600, 600, 600)), new Prediction("3", Point3.None),
        };
        var r = KaggleScore.Compute(DocSolution, sub);
        Assert.Equal(0.3571428571428571, r.F2);
        Assert.Equal(0.5, r.Precision);
        Assert.Equal(1.0 / 3, r.Recall);
        Assert.Equal((0, 1, 2, 1), (r.Tn, r.Fp, r.Fn, r.Tp));
        Assert.Equal(Outcome.FalseNegative, r.PerTomo.Single(t => t.TomoId == "2").Outcome); // far positive: FN only
    }

    [Fact]
    public void A_distance_equal_to_the_threshold_passes()
    {
        var sol = new GtTable([Gt("a", new Point3(0, 0, 0))], GtLayout.Short);
        Assert.Equal(1, KaggleScore.Compute(sol, [new Prediction("a", new Point3(100, 0, 0))]).Tp);
        Assert.Equal(1, KaggleScore.Compute(sol, [new Prediction("a", new Point3(100.0001, 0, 0))]).Fn);
    }

    [Fact]
    public void Minus_one_on_any_axis_means_no_motor()
    {
        var sol = new GtTable([Gt("a")], GtLayout.Short);
        Assert.Equal(1, KaggleScore.Compute(sol, [new Prediction("a", new Point3(5, -1, 7))]).Tn);
    }

    [Fact]
    public void Ids_must_match()
    {
        var ex = Assert.Throws<MotorPickException>(() => KaggleScore.Compute(DocSolution, [new Prediction("0", Point3.None), new Prediction("9", Point3.None)]));
        Assert.Contains("3 missing (1, 2, 3)", ex.Message);
        Assert.Contains("1 unknown (9)", ex.Message);
    }

    [Fact]
    public void Nearest_choice_compares_with_the_closest_labelled_motor()
    {
        var sol = new GtTable([Gt("a", new Point3(0, 0, 0), new Point3(500, 500, 500))], GtLayout.Short);
        var sub = new[] { new Prediction("a", new Point3(501, 500, 500)) };
        Assert.Equal(1, KaggleScore.Compute(sol, sub).Fn);
        Assert.Equal(1, KaggleScore.Compute(sol, sub, choice: GtMotorChoice.Nearest).Tp);
    }
}
