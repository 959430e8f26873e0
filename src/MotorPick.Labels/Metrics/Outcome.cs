namespace MotorPick.Labels.Metrics;

/// <summary>How one tomogram counts in the competition metric.</summary>
public enum Outcome
{
    TruePositive,
    FalsePositive,
    FalseNegative,
    TrueNegative,
}

/// <summary>Per-tomogram detail of a score: the ground truth, the prediction, the distance and the outcome.</summary>
public sealed record TomoOutcome(string TomoId, bool GtHasMotor, bool PredHasMotor, double Distance, double Threshold, Outcome Outcome, double? Conf);
