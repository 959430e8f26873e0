namespace MotorPick.Labels.Tables;

/// <summary>
/// One tomogram of a ground-truth table (<c>gt.csv</c> and its versions): shape, spacing and all its motors.
/// <see cref="OriNumMotors"/> is the raw competition count (only in the full layout; may be stale).
/// </summary>
public sealed record GtRow(string TomoId, TomoShape Shape, double VoxelSpacing, IReadOnlyList<Point3> Motors, int? OriNumMotors = null)
{
    public int NumMotors => Motors.Count;

    /// <summary>The first motor (the <c>motor_z/y/x</c> columns), or (-1, -1, -1) without motors.</summary>
    public Point3 FirstMotor => Motors.Count > 0 ? Motors[0] : Point3.None;
}
