namespace MotorPick.Labels.Tables;

/// <summary>
/// The competition's per-motor label table. Rows keep file order; extra columns beyond the ten standard ones
/// are carried along verbatim so that rewriting a file never loses them.
/// </summary>
public sealed class TrainLabelsTable
{
    /// <summary>The ten columns of the competition's file, in order.</summary>
    public static readonly IReadOnlyList<string> StandardColumns =
    [
        "row_id", "tomo_id", "Motor axis 0", "Motor axis 1", "Motor axis 2",
        "Array shape (axis 0)", "Array shape (axis 1)", "Array shape (axis 2)", "Voxel spacing", "Number of motors",
    ];

    public TrainLabelsTable(IReadOnlyList<TrainLabelRow> rows, IReadOnlyList<string>? extraColumns = null, IReadOnlyList<LabelWarning>? warnings = null)
    {
        Rows = rows;
        ExtraColumns = extraColumns ?? [];
        Warnings = warnings ?? [];
        foreach (var r in rows)
        {
            if (r.Extra.Count != ExtraColumns.Count)
                throw new ArgumentException($"row {r.RowId} has {r.Extra.Count} extra values for {ExtraColumns.Count} extra columns");
        }
    }

    public IReadOnlyList<TrainLabelRow> Rows { get; }

    /// <summary>Columns after the standard ten, e.g. <c>source</c> and <c>conf</c> of <c>train_labels_v2.csv</c>.</summary>
    public IReadOnlyList<string> ExtraColumns { get; }

    /// <summary>Quirks found while reading (not errors).</summary>
    public IReadOnlyList<LabelWarning> Warnings { get; }

    /// <summary>The value of an extra column of a row, or null when the table has no such column.</summary>
    public string? Extra(TrainLabelRow row, string column)
    {
        for (var i = 0; i < ExtraColumns.Count; i++)
            if (ExtraColumns[i] == column) return row.Extra[i];
        return null;
    }

    /// <summary>Rows grouped by tomogram, groups in order of first appearance, rows in file order.</summary>
    public IEnumerable<IGrouping<string, TrainLabelRow>> ByTomogram() => Rows.GroupBy(r => r.TomoId, StringComparer.Ordinal);

    /// <summary>
    /// Builds a table from per-tomogram motor lists (a -1 row for a tomogram without motors), numbering rows from 0
    /// and setting <c>Number of motors</c> to the true count.
    /// </summary>
    public static TrainLabelsTable FromTomograms(IEnumerable<TomogramLabels> tomograms)
    {
        var rows = new List<TrainLabelRow>();
        foreach (var t in tomograms)
        {
            if (t.Motors.Count == 0)
            {
                rows.Add(new TrainLabelRow(rows.Count, t.TomoId, Point3.None, t.Shape, t.VoxelSpacing, 0, []));
                continue;
            }
            foreach (var m in t.Motors)
                rows.Add(new TrainLabelRow(rows.Count, t.TomoId, m, t.Shape, t.VoxelSpacing, t.Motors.Count, []));
        }
        return new TrainLabelsTable(rows);
    }
}

/// <summary>All motors of one tomogram with its shape and voxel spacing (Å).</summary>
public sealed record TomogramLabels(string TomoId, TomoShape Shape, double VoxelSpacing, IReadOnlyList<Point3> Motors);
