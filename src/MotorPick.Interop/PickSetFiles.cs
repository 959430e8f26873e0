using MotorPick.Core;
using MotorPick.Labels.Csv;
using MotorPick.Labels.Tables;

namespace MotorPick.Interop;

/// <summary>Reads MotorPick's own tables as a <see cref="PickSet"/> and writes one back.</summary>
public static class PickSetFiles
{
    /// <summary>
    /// A gt table, train_labels.csv or external_labels_v1.csv (labels, with their own geometry), or a candidates/submission file
    /// (candidates; each tomogram's geometry from <paramref name="geometry"/>).
    /// </summary>
    public static (PickSet Set, IReadOnlyList<LabelWarning> Warnings) Read(string path, Func<string, TomogramGeometry?>? geometry = null)
    {
        var doc = CsvDocument.Load(path);
        if (LabelTables.IsLabelTable(doc))
        {
            var (gt, warnings) = LabelTables.ReadAsGt(path);
            return (PickSet.FromGt(gt), warnings);
        }
        if (!doc.HasColumn("motor_z") && !doc.HasColumn("Motor axis 0"))
            throw new MotorPickException("not a label table (gt.csv, train_labels.csv, external_labels_v1.csv) nor a candidates or submission file", path, 1);
        var predictions = PredictionsFile.Parse(doc);
        return (PickSet.FromPredictions(predictions, geometry ?? (_ => null), path), []);
    }

    /// <summary>A geometry lookup from a gt table or train_labels.csv, or one fixed geometry for every tomogram.</summary>
    public static Func<string, TomogramGeometry?> Geometry(GtTable? table, TomogramGeometry? fixedGeometry) => id =>
        table is not null && table.TryGet(id, out var row) ? new TomogramGeometry(row.Shape, row.VoxelSpacing) : fixedGeometry;

    /// <summary>Labels as train_labels.csv (competition layout); candidates as <c>tomo_id, motor_z, motor_y, motor_x, conf</c>.</summary>
    public static void Write(PickSet set, string path)
    {
        if (set.Kind == PickKind.Labels) TrainLabelsFile.Write(path, set.ToTrainLabels());
        else PredictionsFile.WriteCandidates(path, set.ToPredictions());
    }

    /// <summary>Parses <c>ZxYxX</c> (e.g. <c>300x959x928</c>).</summary>
    public static TomoShape ParseShape(string text)
    {
        var parts = text.Split('x', 'X', ',');
        if (parts.Length == 3 && parts.All(p => int.TryParse(p.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0))
        {
            var v = parts.Select(p => int.Parse(p.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return new TomoShape(v[0], v[1], v[2]);
        }
        throw new MotorPickException($"expected the shape as ZxYxX positive integers (e.g. 300x959x928), found '{text}'", field: "--shape");
    }
}
