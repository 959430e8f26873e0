using MotorPick.Labels.Csv;

namespace MotorPick.Labels.Tables;

/// <summary>Opens any label table MotorPick knows, recognising it by its header.</summary>
public static class LabelTables
{
    /// <summary>
    /// A one-row-per-tomogram view of a label file: a gt table as it is, or a competition <c>train_labels.csv</c>
    /// grouped with the reference's recipe. Warnings of the per-motor file are returned alongside.
    /// </summary>
    public static (GtTable Table, IReadOnlyList<LabelWarning> Warnings) ReadAsGt(string path)
    {
        var doc = CsvDocument.Load(path);
        if (doc.HasColumn("Motor axis 0") && doc.HasColumn("Array shape (axis 0)"))
        {
            var labels = TrainLabelsFile.Parse(doc);
            var gt = GtTable.FromTrainLabels(labels);
            return (new GtTable(gt.Rows, gt.Layout, path), labels.Warnings);
        }
        return (GtTableFile.Parse(doc), []);
    }
}
