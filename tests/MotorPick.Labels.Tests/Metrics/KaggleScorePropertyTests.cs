using CsCheck;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;
using MotorPick.Labels.Tests.Tables;
using MotorPick.Tests.Properties;

namespace MotorPick.Labels.Tests.Metrics;

/// <summary>
/// Properties of the competition metric (<see cref="KaggleScore"/>), the multi-motor matcher and local validation:
/// scores lie in [0, 1], perfect predictions score 1, predicting no motor anywhere scores 0, row order does not matter.
/// </summary>
public class KaggleScorePropertyTests
{
    private static readonly Gen<GtTable> Solution = LabelGen.Tomograms(12).Select(t =>
        new GtTable(t.Select(x => new GtRow(x.TomoId, x.Shape, x.VoxelSpacing, x.Motors)).ToArray(), GtLayout.Short));

    /// <summary>One prediction per tomogram: perfect, near (inside the radius), anywhere, or "no motor"; conf in [0, 1].</summary>
    private static Gen<Prediction> Guess(GtRow r) =>
        from kind in Gen.Int[0, 3]
        from frac in Gen.Double[0, 0.95]
        from dir in Gen.Double[-1, 1].Array[3]
        from anywhere in LabelGen.Motor(r.Shape)
        from conf in Gen.Double.Unit
        let n = Math.Sqrt(dir.Sum(d => d * d))
        let step = n == 0 ? 0 : frac * KaggleScore.RadiusA / r.VoxelSpacing / n
        let first = r.FirstMotor
        select new Prediction(r.TomoId, kind switch
        {
            0 => first,
            1 => r.NumMotors > 0 ? new Point3(first.Z + dir[0] * step, first.Y + dir[1] * step, first.X + dir[2] * step) : Point3.None,
            2 => anywhere,
            _ => Point3.None,
        }, conf);

    private static readonly Gen<(GtTable Solution, Prediction[] Predictions)> Scored =
        from s in Solution
        from preds in Sequence(s.Rows.Select(Guess).ToArray())
        from order in Gen.Shuffle(Enumerable.Range(0, s.Rows.Count).ToArray())
        select (s, order.Select(i => preds[i]).ToArray());

    /// <summary>Generates one value from each generator, in order.</summary>
    private static Gen<Prediction[]> Sequence(Gen<Prediction>[] gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<Prediction>()), (acc, g) => acc.SelectMany(a => g.Select(p => (Prediction[])[.. a, p])));

    private static Prediction[] Perfect(GtTable s) => s.Rows.Select(r => new Prediction(r.TomoId, r.FirstMotor, 1.0)).ToArray();

    private static void AssertUnit(double v, string what, double tolerance = 0) =>
        Assert.True(v >= -tolerance && v <= 1 + tolerance, $"{what} = {v} is outside [0, 1]");

    [Fact]
    public void Scores_lie_in_the_unit_interval_and_counts_add_up()
    {
        Scored.Check(p =>
        {
            var r = KaggleScore.Compute(p.Solution, p.Predictions);
            AssertUnit(r.F2, "F2");
            AssertUnit(r.Precision, "precision");
            AssertUnit(r.Recall, "recall");
            Assert.Equal(p.Solution.Rows.Count, r.Tp + r.Fp + r.Fn + r.Tn);
            Assert.Equal(p.Solution.Rows.Count(x => x.NumMotors > 0), r.Tp + r.Fn);
        }, iter: 120, stream: 501);
    }

    [Fact]
    public void Perfect_predictions_score_one_and_no_motor_anywhere_scores_zero()
    {
        Solution.Check(s =>
        {
            var anyMotor = s.Rows.Any(r => r.NumMotors > 0);
            var perfect = KaggleScore.Compute(s, Perfect(s));
            Assert.Equal(anyMotor ? 1.0 : 0.0, perfect.F2);
            Assert.Equal((0, 0), (perfect.Fp, perfect.Fn));
            var none = KaggleScore.Compute(s, s.Rows.Select(r => new Prediction(r.TomoId, Point3.None)).ToArray());
            Assert.Equal(0.0, none.F2);
            Assert.Equal((0, s.Rows.Count(r => r.NumMotors > 0)), (none.Tp, none.Fn));
        }, iter: 100, stream: 502);
    }

    [Fact]
    public void Moving_a_perfect_prediction_within_the_radius_keeps_the_score()
    {
        Scored.Check(p =>
        {
            // Keep only the "perfect" and "near" kinds: every motor tomogram predicted within 0.95 radius, empty ones as -1.
            var near = p.Predictions.Select(x =>
            {
                var gt = p.Solution[x.TomoId];
                return gt.NumMotors > 0 && x.HasMotor && gt.FirstMotor.DistanceTo(x.Point) <= KaggleScore.RadiusA / gt.VoxelSpacing ? x
                    : new Prediction(x.TomoId, gt.FirstMotor, 1.0);
            }).ToArray();
            Assert.Equal(KaggleScore.Compute(p.Solution, Perfect(p.Solution)).F2, KaggleScore.Compute(p.Solution, near).F2);
        }, iter: 100, stream: 503);
    }

    [Fact]
    public void Submission_row_order_does_not_change_the_score()
    {
        Scored.Check(p =>
        {
            var a = KaggleScore.Compute(p.Solution, p.Predictions);
            var b = KaggleScore.Compute(p.Solution, p.Predictions.Reverse().ToArray());
            Assert.Equal((a.F2, a.Tp, a.Fp, a.Fn, a.Tn), (b.F2, b.Tp, b.Fp, b.Fn, b.Tn));
        }, iter: 100, stream: 504);
    }

    [Fact]
    public void Matching_the_nearest_motor_never_scores_below_matching_the_first()
    {
        Scored.Check(p =>
        {
            var first = KaggleScore.Compute(p.Solution, p.Predictions, choice: GtMotorChoice.First);
            var nearest = KaggleScore.Compute(p.Solution, p.Predictions, choice: GtMotorChoice.Nearest);
            Assert.True(nearest.Tp >= first.Tp);
            Assert.True(nearest.F2 >= first.F2 - 1e-12, $"nearest {nearest.F2} < first {first.F2}");
        }, iter: 100, stream: 505);
    }

    [Fact]
    public void F_beta_of_a_precision_and_recall_in_the_unit_interval_is_in_it()
    {
        Gen.Select(Gen.Double.Unit, Gen.Double.Unit, Gen.Double[0.1, 5]).Check(t =>
        {
            var f = KaggleScore.FBeta(t.Item1, t.Item2, t.Item3);
            AssertUnit(f, "F-beta");
            Assert.True(f <= Math.Max(t.Item1, t.Item2) + 1e-15);
        }, iter: 200, stream: 506);
    }

    [Fact]
    public void Multi_motor_matching_counts_every_label_and_prediction_once()
    {
        var gen =
            from s in Solution
            from extra in Scored.Select(x => x.Predictions)
            from minConf in Gen.Double[0, 0.5]
            select (s, extra.Where(p => s.TryGet(p.TomoId, out _)).ToArray(), minConf);
        gen.Check(t =>
        {
            var (s, preds, minConf) = t;
            var r = MotorMatcher.Score(s, preds, minConf);
            Assert.Equal(s.MotorCount, r.Tp + r.Fn);
            Assert.Equal(preds.Count(p => p.HasMotor && (p.Conf ?? 1.0) >= minConf), r.Tp + r.Fp);
            AssertUnit(r.Precision, "precision");
            AssertUnit(r.Recall, "recall");
            AssertUnit(r.F2, "F2");
            foreach (var m in r.PerTomo)
            {
                Assert.Equal(m.Matches.Count, m.Matches.Select(x => x.LabelIndex).Distinct().Count());
                Assert.All(m.Matches, x => Assert.True(x.Distance <= KaggleScore.RadiusA / s[m.TomoId].VoxelSpacing));
            }
        }, iter: 80, stream: 507);
    }

    [Fact]
    public void With_one_motor_per_tomogram_the_matcher_finds_the_metrics_true_positives()
    {
        var single = Scored.Select(p =>
        {
            var rows = p.Solution.Rows.Select(r => r with { Motors = r.Motors.Take(1).ToArray() }).ToArray();
            return (Solution: new GtTable(rows, GtLayout.Short), p.Predictions);
        });
        single.Check(p =>
        {
            var kaggle = KaggleScore.Compute(p.Solution, p.Predictions);
            var matched = MotorMatcher.Score(p.Solution, p.Predictions);
            Assert.Equal(kaggle.Tp, matched.Tp);
            Assert.Equal(kaggle.Tp + kaggle.Fn, matched.Tp + matched.Fn);
        }, iter: 100, stream: 510);
    }

    [Fact]
    public void Local_validation_scores_lie_in_the_unit_interval()
    {
        Scored.Check(p =>
        {
            var r = LocalValidation.Compute(p.Solution, p.Predictions);
            AssertUnit(r.BestF2, "best F2");
            AssertUnit(r.KaggleF2, "Kaggle F2");
            // The areas are trapezoid sums (numpy's trapz in the reference): a perfect curve may sum to 1 + 2e-16.
            AssertUnit(r.AP, "AP", 1e-12);
            AssertUnit(r.PartialAP, "partial AP", 1e-12);
            AssertUnit(r.MeanAP, "mean AP", 1e-12);
            AssertUnit(r.MeanPartialAP, "mean partial AP", 1e-12);
        }, iter: 100, stream: 508);
    }

    [Fact]
    public void Local_validation_of_perfect_confident_predictions_scores_one()
    {
        var gen =
            from s in Solution.Where(s => s.Rows.Any(r => r.NumMotors > 0))
            from confs in Gen.Double[0.5, 1].Array[s.Rows.Count]
            from low in Gen.Double[0, 0.4].Array[s.Rows.Count]
            select (s, s.Rows.Select((r, i) => r.NumMotors > 0 ? new Prediction(r.TomoId, r.FirstMotor, confs[i])
                : new Prediction(r.TomoId, low[i] < 0.1 ? Point3.None : new Point3(1, 1, 1), low[i] < 0.1 ? 0.0 : low[i])).ToArray());
        gen.Check(t =>
        {
            var r = LocalValidation.Compute(t.s, t.Item2);
            Assert.Equal(1.0, r.BestF2);
            Assert.Equal(1.0, r.KaggleF2);
            Assert.Equal(1.0, r.AP, 12);
        }, iter: 100, stream: 509);
    }
}
