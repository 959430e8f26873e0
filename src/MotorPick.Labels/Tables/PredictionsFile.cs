using MotorPick.Core;
using MotorPick.Labels.Csv;

namespace MotorPick.Labels.Tables;

/// <summary>
/// Reads prediction files: competition submissions (<c>tomo_id, Motor axis 0, Motor axis 1, Motor axis 2</c>)
/// and the reference's candidate files (<c>tomo_id, motor_z, motor_y, motor_x, conf</c>); writes candidates.
/// </summary>
public static class PredictionsFile
{
    public static readonly IReadOnlyList<string> CandidateColumns = ["tomo_id", "motor_z", "motor_y", "motor_x", "conf"];
    public static readonly IReadOnlyList<string> SubmissionColumns = ["tomo_id", "Motor axis 0", "Motor axis 1", "Motor axis 2"];

    public static IReadOnlyList<Prediction> Read(string path) => Parse(CsvDocument.Load(path));

    public static IReadOnlyList<Prediction> Parse(CsvDocument doc)
    {
        var candidate = doc.HasColumn("motor_z");
        var names = candidate ? CandidateColumns.Take(4).ToArray() : SubmissionColumns.ToArray();
        var layout = "either " + string.Join(", ", SubmissionColumns) + " or " + string.Join(", ", CandidateColumns);
        var c = names.Select(n => doc.Column(n, layout)).ToArray();
        var cConf = doc.HasColumn("conf") ? doc.Column("conf") : -1;
        var result = new List<Prediction>(doc.Rows.Count);
        foreach (var r in doc.Rows)
        {
            var id = r[c[0]];
            Identifiers.Check(id, doc.Path, r.Line, "tomo_id");
            var p = new Point3(FieldParser.Double(doc, r, c[1]), FieldParser.Double(doc, r, c[2]), FieldParser.Double(doc, r, c[3]));
            double? conf = cConf >= 0 ? FieldParser.Double(doc, r, cConf) : null;
            result.Add(new Prediction(id, p, conf));
        }
        return result;
    }

    /// <summary>Writes candidates in the reference's layout (<c>tomo_id, motor_z, motor_y, motor_x, conf</c>).</summary>
    public static void WriteCandidates(string path, IEnumerable<Prediction> predictions) =>
        AtomicFile.WriteAllText(path, FormatRows(CandidateColumns, predictions, withConf: true));

    /// <summary>Writes a competition submission (<c>tomo_id, Motor axis 0, Motor axis 1, Motor axis 2</c>).</summary>
    public static void WriteSubmission(string path, IEnumerable<Prediction> predictions) =>
        AtomicFile.WriteAllText(path, FormatRows(SubmissionColumns, predictions, withConf: false));

    private static string FormatRows(IReadOnlyList<string> header, IEnumerable<Prediction> predictions, bool withConf)
    {
        var csv = new CsvText().Row(header);
        foreach (var p in predictions)
        {
            var fields = new List<string> { p.TomoId, PyFormat.Float(p.Point.Z), PyFormat.Float(p.Point.Y), PyFormat.Float(p.Point.X) };
            if (withConf) fields.Add(PyFormat.Float(p.Conf ?? 0.0));
            csv.Row(fields);
        }
        return csv.ToString();
    }

    /// <summary>The highest-confidence row of each tomogram (file order breaks ties), for scoring candidate files.</summary>
    public static IReadOnlyList<Prediction> TopPerTomogram(IEnumerable<Prediction> predictions) =>
        predictions.Select((p, i) => (p, i)).GroupBy(t => t.p.TomoId, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(t => t.p.HasMotor ? t.p.Conf ?? 1.0 : double.NegativeInfinity).ThenBy(t => t.i).First().p)
            .ToArray();
}
