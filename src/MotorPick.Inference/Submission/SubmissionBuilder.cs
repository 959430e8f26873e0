using MotorPick.Core;
using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Inference.Submission;

/// <summary>
/// The final per-tomogram decision (docs/reference.md 5.10): each tomogram's best candidate (conf 0.0 when it has none), then a
/// threshold, either fixed or numpy's linear quantile of all tomograms' confidences (0.55 in the reference); rows with
/// conf below it get -1 coordinates (ties stay positive). Rows come out in tomogram id order.
/// </summary>
public static class SubmissionBuilder
{
    /// <summary>The best candidate of every tomogram (the first on equal confidence), as <c>(tomo, point, conf)</c>.</summary>
    public static IReadOnlyList<Prediction> TopPerTomogram(IEnumerable<Prediction> candidates) =>
        PredictionsFile.TopPerTomogram(candidates)
            .Select(p => p.HasMotor ? p : new Prediction(p.TomoId, Point3.None, 0.0))
            .OrderBy(p => p.TomoId, StringComparer.Ordinal)
            .ToArray();

    /// <summary>numpy's linear quantile <paramref name="q"/> of the per-tomogram confidences.</summary>
    public static double QuantileThreshold(IReadOnlyList<Prediction> perTomogram, double q)
    {
        if (perTomogram.Count == 0) throw new MotorPickException("no tomograms to threshold");
        if (q < 0 || q > 1) throw new MotorPickException($"quantile must be in [0, 1], got {q}", field: "quantile");
        return PyNumbers.Quantile(perTomogram.Select(p => p.MotorConfidence), q);
    }

    /// <summary>Sets rows with conf &lt; <paramref name="threshold"/> to "no motor"; keeps the confidence.</summary>
    public static IReadOnlyList<Prediction> ApplyThreshold(IReadOnlyList<Prediction> perTomogram, double threshold) =>
        perTomogram.Select(p => p.MotorConfidence < threshold ? p with { Point = Point3.None } : p).ToArray();

    /// <summary>Candidates to submission rows with a quantile (when <paramref name="quantile"/> is set) or a fixed threshold.</summary>
    public static (IReadOnlyList<Prediction> Rows, double Threshold) Build(IEnumerable<Prediction> candidates, double? quantile, double? threshold)
    {
        if (quantile.HasValue == threshold.HasValue) throw new MotorPickException("give either a quantile or a threshold");
        var top = TopPerTomogram(candidates);
        var thr = quantile.HasValue ? QuantileThreshold(top, quantile.Value) : threshold!.Value;
        return (ApplyThreshold(top, thr), thr);
    }
}
