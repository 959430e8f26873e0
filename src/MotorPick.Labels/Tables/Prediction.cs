namespace MotorPick.Labels.Tables;

/// <summary>A predicted motor (or a -1 "no motor" row) of one tomogram, with the model's confidence when known.</summary>
public sealed record Prediction(string TomoId, Point3 Point, double? Conf = null)
{
    public bool HasMotor => !Point.IsNone;

    /// <summary>The confidence that this row declares a motor: its conf, 0 for a "no motor" row or a row without one.</summary>
    public double MotorConfidence => HasMotor ? Conf ?? 0.0 : 0.0;
}
