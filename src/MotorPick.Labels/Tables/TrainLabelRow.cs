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
    public bool HasMotor => Motor.Z >= 0;
}
