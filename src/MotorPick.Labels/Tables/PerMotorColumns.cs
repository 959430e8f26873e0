namespace MotorPick.Labels.Tables;

/// <summary>
/// The column names of a per-motor label file: the competition's <c>train_labels.csv</c>, or the reference's
/// <c>external_labels_v1.csv</c> (reference 1.13), which holds the same facts under other names. Errors name the
/// file's own columns.
/// </summary>
public sealed record PerMotorColumns(
    string Name, string TomoId, string MotorZ, string MotorY, string MotorX, string ShapeZ, string ShapeY, string ShapeX, string Spacing,
    string? MotorCount, bool KeepExtraColumns)
{
    /// <summary>The competition's ten columns; <c>row_id</c> is optional, further columns are carried along.</summary>
    public static PerMotorColumns TrainLabels { get; } = new("train_labels.csv",
        "tomo_id", "Motor axis 0", "Motor axis 1", "Motor axis 2", "Array shape (axis 0)", "Array shape (axis 1)", "Array shape (axis 2)",
        "Voxel spacing", "Number of motors", KeepExtraColumns: true);

    /// <summary>
    /// <c>external_labels_v1.csv</c> as the reference's labeling_external.py read it (reference 6.5): motors in voxels of the
    /// stored (re-spaced) tomogram, <c>Z, Y, X</c> = the stored shape, voxel spacing = <c>target_spacing</c> (the stored
    /// spacing, not <c>ori_spacing</c>). It has no motor count: the rows of a tomogram are counted. Its 50 portal metadata
    /// columns are not carried into per-motor tables (<c>portal metadata</c> writes them to metadata_full.csv).
    /// </summary>
    public static PerMotorColumns ExternalLabels { get; } = new("external_labels_v1.csv",
        "tomo_id", "motor_z", "motor_y", "motor_x", "Z", "Y", "X", "target_spacing", MotorCount: null, KeepExtraColumns: false);

    /// <summary>The required columns, for error messages.</summary>
    public string Layout => string.Join(", ", new[] { TomoId, MotorZ, MotorY, MotorX, ShapeZ, ShapeY, ShapeX, Spacing, MotorCount }.Where(c => c is not null));
}
