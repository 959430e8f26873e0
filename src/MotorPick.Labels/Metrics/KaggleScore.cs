using MotorPick.Core;
using MotorPick.Labels.Tables;

namespace MotorPick.Labels.Metrics;

/// <summary>Which labelled motor a tomogram's single prediction is compared with.</summary>
public enum GtMotorChoice
{
    /// <summary>The first motor (the table's motor_z/y/x), as the competition's solution file and the reference do.</summary>
    First,

    /// <summary>The nearest labelled motor, for multi-motor labels.</summary>
    Nearest,
}

/// <summary>The result of the competition metric.</summary>
public sealed record KaggleScoreResult(double F2, double Precision, double Recall, int Tp, int Fp, int Fn, int Tn, IReadOnlyList<TomoOutcome> PerTomo);

/// <summary>
/// The competition's F-beta metric (interfaces 3.2, reference <c>kaggle_score</c>): one prediction per tomogram,
/// -1 on any axis = no motor, threshold 1000 Å / voxel spacing (a distance equal to it passes), a far positive is
/// a false negative only, and the tomo_id lists must match.
/// </summary>
public static class KaggleScore
{
    public const double RadiusA = 1000.0;

    public static KaggleScoreResult Compute(GtTable solution, IReadOnlyList<Prediction> submission, double beta = 2.0,
        double radiusA = RadiusA, GtMotorChoice choice = GtMotorChoice.First)
    {
        var byId = new Dictionary<string, Prediction>(StringComparer.Ordinal);
        foreach (var p in submission)
        {
            if (!byId.TryAdd(p.TomoId, p))
                throw new MotorPickException($"{p.TomoId} has more than one prediction; the metric takes one row per tomogram (use --top1 for candidate files)", field: "tomo_id");
        }
        var missing = solution.Rows.Where(r => !byId.ContainsKey(r.TomoId)).Select(r => r.TomoId).ToArray();
        var extra = byId.Keys.Where(id => !solution.TryGet(id, out _)).Order(StringComparer.Ordinal).ToArray();
        if (missing.Length > 0 || extra.Length > 0)
            throw new MotorPickException("Submitted tomo_id values do not match the labels: " +
                (missing.Length > 0 ? $"{missing.Length} missing ({Sample(missing)})" : "") +
                (missing.Length > 0 && extra.Length > 0 ? ", " : "") +
                (extra.Length > 0 ? $"{extra.Length} unknown ({Sample(extra)})" : ""));

        var details = new List<TomoOutcome>(solution.Rows.Count);
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var gt in solution.Rows.OrderBy(r => r.TomoId, StringComparer.Ordinal))
        {
            var pred = byId[gt.TomoId];
            var gtPos = gt.NumMotors > 0;
            var predPos = pred.HasMotor;
            var threshold = radiusA / gt.VoxelSpacing;
            var distance = gtPos && predPos ? Distance(gt, pred.Point, choice) : double.NaN;
            var outcome = (gtPos, predPos) switch
            {
                (true, true) => distance <= threshold ? Outcome.TruePositive : Outcome.FalseNegative,
                (true, false) => Outcome.FalseNegative,
                (false, true) => Outcome.FalsePositive,
                _ => Outcome.TrueNegative,
            };
            switch (outcome)
            {
                case Outcome.TruePositive: tp++; break;
                case Outcome.FalsePositive: fp++; break;
                case Outcome.FalseNegative: fn++; break;
                default: tn++; break;
            }
            details.Add(new TomoOutcome(gt.TomoId, gtPos, predPos, distance, threshold, outcome, pred.Conf));
        }
        return new KaggleScoreResult(FBeta(tp, fp, fn, beta), SafeDiv(tp, tp + fp), SafeDiv(tp, tp + fn), tp, fp, fn, tn, details);
    }

    /// <summary>sklearn's <c>fbeta_score</c> from counts, evaluated as sklearn does (from precision and recall, so
    /// the last bits match: 5/14 prints as 0.3571428571428571), 0 when undefined.</summary>
    public static double FBeta(int tp, int fp, int fn, double beta = 2.0) => FBeta(SafeDiv(tp, tp + fp), SafeDiv(tp, tp + fn), beta);

    /// <summary>F-beta from precision and recall: <c>(1 + b^2) P R / (b^2 P + R)</c>, 0 when both are 0.</summary>
    public static double FBeta(double precision, double recall, double beta = 2.0)
    {
        var b2 = beta * beta;
        var denom = b2 * precision + recall;
        if (denom == 0) denom = 1;
        return (1 + b2) * precision * recall / denom;
    }

    private static double Distance(GtRow gt, Point3 p, GtMotorChoice choice) =>
        choice == GtMotorChoice.First ? gt.FirstMotor.DistanceTo(p) : gt.Motors.Min(m => m.DistanceTo(p));

    private static double SafeDiv(int a, int b) => b == 0 ? 0.0 : (double)a / b;

    private static string Sample(string[] ids) => string.Join(", ", ids.Take(5)) + (ids.Length > 5 ? ", ..." : "");
}
