using MotorPick.Labels.Csv;

namespace MotorPick.Labels.Tables;

/// <summary>The kinds of label table MotorPick reads, told apart by their header.</summary>
public enum LabelFileKind
{
    /// <summary>The competition's per-motor <c>train_labels.csv</c> (and its versions, with source/conf columns).</summary>
    TrainLabels,

    /// <summary>The reference's per-motor <c>external_labels_v1.csv</c> (written by <c>labels convert-external</c>).</summary>
    ExternalLabels,

    /// <summary>A one-row-per-tomogram gt table, full (gt.csv) or short (gt_v3.csv, external_gt.csv, all_gt*.csv).</summary>
    Gt,
}

/// <summary>
/// Opens any label table MotorPick knows, recognising it by its header. Every command that reads labels comes here, so
/// a layout added here is accepted everywhere (labels gt/patch/stats/diff/concat, split, predict, review, train, score).
/// </summary>
public static class LabelTables
{
    public static LabelFileKind Sniff(CsvDocument doc) =>
        doc.HasColumn("Motor axis 0") ? LabelFileKind.TrainLabels
        : doc.HasColumn("motor_z") && doc.HasColumn("target_spacing") && !doc.HasColumn("motor_zyx") ? LabelFileKind.ExternalLabels
        : LabelFileKind.Gt;

    /// <summary>True for a label table (train_labels.csv, external_labels_v1.csv, a gt table), false for what else shares
    /// their columns: candidate and submission files, which carry no shapes or spacings.</summary>
    public static bool IsLabelTable(CsvDocument doc) => Sniff(doc) switch
    {
        LabelFileKind.TrainLabels => doc.HasColumn("Array shape (axis 0)"),
        LabelFileKind.ExternalLabels => true,
        _ => doc.HasColumn("motor_zyx"),
    };

    /// <summary>
    /// A one-row-per-tomogram view of a label file: a gt table as it is, or a per-motor file (train_labels.csv or
    /// external_labels_v1.csv) grouped with the reference's recipe. Warnings of the per-motor file are returned alongside.
    /// </summary>
    public static (GtTable Table, IReadOnlyList<LabelWarning> Warnings) ReadAsGt(string path)
    {
        var doc = Load(path);
        if (Sniff(doc) == LabelFileKind.Gt) return (GtTableFile.Parse(doc), []);
        var labels = ParsePerMotor(doc);
        var gt = GtTable.FromTrainLabels(labels);
        return (new GtTable(gt.Rows, gt.Layout, path), labels.Warnings);
    }

    /// <summary>
    /// A per-motor view (the competition's layout) of a label file: train_labels.csv as it is (extra columns kept),
    /// external_labels_v1.csv mapped as the reference did (stored-voxel motors, stored shape, target_spacing), or a gt
    /// table expanded to one row per motor (a -1 row for a tomogram without motors).
    /// </summary>
    public static TrainLabelsTable ReadPerMotor(string path)
    {
        var doc = Load(path);
        return Sniff(doc) == LabelFileKind.Gt ? GtTableFile.Parse(doc).ToTrainLabels() : ParsePerMotor(doc);
    }

    /// <summary>The file, refused at its header when it is none of the three layouts (rather than for the first column
    /// one of them would miss).</summary>
    private static CsvDocument Load(string path)
    {
        var doc = CsvDocument.Load(path);
        if (Sniff(doc) == LabelFileKind.Gt && !doc.HasColumn("tomo_id") && !doc.HasColumn("motor_zyx"))
            throw new Core.MotorPickException("not a label table MotorPick reads: expected the header of train_labels.csv " +
                "(row_id, tomo_id, Motor axis 0, ...), external_labels_v1.csv (motor_z, motor_y, motor_x, tomo_id, ..., target_spacing) " +
                "or a gt table (tomo_id, Z, Y, X, voxel_spacing, num_motors, ..., motor_zyx)", path, line: 1);
        return doc;
    }

    private static TrainLabelsTable ParsePerMotor(CsvDocument doc) =>
        TrainLabelsFile.Parse(doc, Sniff(doc) == LabelFileKind.ExternalLabels ? PerMotorColumns.ExternalLabels : PerMotorColumns.TrainLabels);
}
