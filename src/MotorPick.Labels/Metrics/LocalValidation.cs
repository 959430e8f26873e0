using MotorPick.Core;
using MotorPick.Labels.Tables;

namespace MotorPick.Labels.Metrics;

/// <summary>The reference's local-validation metrics (docs/reference.md 7.2, <c>compute_metrics</c> in "kaggle" mode).</summary>
public sealed record LocalValidationResult(
    double BestF2, double Precision, double Recall, double Threshold,
    double AP, double PartialAP, double BestRecall, double MeanAP, double MeanPartialAP, double KaggleF2);

/// <summary>
/// Threshold-free metrics of one-prediction-per-tomogram candidates with confidences: for each distance ratio
/// 0.1..1.0 the far positives get score -1, a precision-recall curve is built over the confidences, and AP,
/// partial AP (recall at least 0.4, rescaled) and at ratio 1.0 the best F2 with its threshold are read off it.
/// </summary>
public static class LocalValidation
{
    public static readonly IReadOnlyList<double> DistanceRatios = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    public const double PapRecallCutoff = 0.4;

    public static LocalValidationResult Compute(GtTable solution, IReadOnlyList<Prediction> predictions, GtMotorChoice choice = GtMotorChoice.First)
    {
        var byId = predictions.ToDictionary(p => p.TomoId, StringComparer.Ordinal);
        var rows = solution.Rows.OrderBy(r => r.TomoId, StringComparer.Ordinal).ToArray();
        var n = rows.Length;
        var gtPos = new bool[n];
        var predPos = new bool[n];
        var conf = new double[n];
        var dist = new double[n];
        var radius = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (!byId.TryGetValue(rows[i].TomoId, out var p))
                throw new MotorPickException($"{rows[i].TomoId} has no prediction; local validation needs one row per tomogram");
            if (p.Conf is null) throw new MotorPickException("local validation needs a 'conf' column in the predictions");
            gtPos[i] = rows[i].NumMotors > 0;
            conf[i] = p.Conf.Value;
            predPos[i] = conf[i] > 0 && p.HasMotor;
            dist[i] = gtPos[i] ? (choice == GtMotorChoice.First ? rows[i].FirstMotor.DistanceTo(p.Point) : rows[i].Motors.Min(m => m.DistanceTo(p.Point))) : 0;
            radius[i] = KaggleScore.RadiusA / rows[i].VoxelSpacing;
        }

        var aps = new List<double>();
        var paps = new List<double>();
        LocalValidationResult? main = null;
        foreach (var ratio in DistanceRatios)
        {
            var scores = new double[n];
            for (var i = 0; i < n; i++)
                scores[i] = gtPos[i] && predPos[i] && dist[i] > radius[i] * ratio ? -1.0 : conf[i];
            var curve = PrecisionRecallCurve.Compute(gtPos, scores);
            if (curve.Thresholds.Length > 0 && curve.Thresholds[0] == -1) curve = curve.DropFirst();
            var ap = curve.PartialAveragePrecision(0, rescale: false);
            var pap = curve.PartialAveragePrecision(PapRecallCutoff, rescale: true);
            aps.Add(ap);
            paps.Add(pap);
            if (ratio != 1.0) continue;
            var bestR = curve.Recall.Length > 1 ? curve.Recall[..^1].Max() : curve.Recall[0];
            var best = 0;
            var bestF = double.NegativeInfinity;
            for (var j = 0; j < curve.Precision.Length; j++)
            {
                var f = KaggleScore.FBeta(curve.Precision[j], curve.Recall[j]);
                if (double.IsNaN(f)) f = 0;
                if (f > bestF) { bestF = f; best = j; }
            }
            // The final (P 1, R 0) point has no threshold of its own; it only wins when every F2 is 0.
            var thres = curve.Thresholds.Length == 0 ? 0.5 : curve.Thresholds[Math.Min(best, curve.Thresholds.Length - 1)];
            main = new LocalValidationResult(bestF, curve.Precision[best], curve.Recall[best], thres, ap, pap, bestR, 0, 0, 0);
        }

        // Apply the best threshold and score as the competition would.
        var thresholded = rows.Select(r => byId[r.TomoId]).Select(p => p.Conf < main!.Threshold ? p with { Point = Point3.None } : p).ToArray();
        var kaggle = KaggleScore.Compute(solution, thresholded, choice: choice);
        return main! with { MeanAP = aps.Average(), MeanPartialAP = paps.Average(), KaggleF2 = kaggle.F2 };
    }
}
