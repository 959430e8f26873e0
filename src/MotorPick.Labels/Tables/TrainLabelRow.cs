namespace MotorPick.Labels.Tables;

/// <summary>
/// One row of the competition's <c>train_labels.csv</c>: one motor, or a -1 row for a tomogram without motors.
/// <paramref name="Extra"/> holds the values of any further columns (e.g. <c>source</c>, <c>conf</c>), aligned
/// with <see cref="TrainLabelsTable.ExtraColumns"/>.
/// </summary>
public sealed record TrainLabelRow(
    long RowId,
    string TomoId,
    Point3 Motor,
    TomoShape Shape,
    double VoxelSpacing,
    int NumberOfMotors,
    IReadOnlyList<string> Extra)
{
    /// <summary>
    /// False only for the "no motor" row (-1 on the axes). The reference tested <c>Motor axis 0 &gt;= 0</c>, which is the
    /// same on its data, but a valid motor may lie at z in [-0.5, 0) (the volume spans [-0.5, n-0.5)).
    /// </summary>
    public bool HasMotor => !Motor.IsNone;
}
