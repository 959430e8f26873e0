using System.Globalization;
using MotorPick.Core;
using MotorPick.Labels.Csv;

namespace MotorPick.Labels.Tables;

/// <summary>Reads and writes the competition's <c>train_labels.csv</c> (one row per motor), validating as it reads.</summary>
public static class TrainLabelsFile
{
    public static TrainLabelsTable Read(string path) => Parse(CsvDocument.Load(path));

    /// <summary>Reads a per-motor table whose columns are named by <paramref name="columns"/> (default: the competition's).</summary>
    public static TrainLabelsTable Parse(CsvDocument doc, PerMotorColumns? columns = null)
    {
        var n = columns ?? PerMotorColumns.TrainLabels;
        var layout = n.Layout;
        // row_id is optional on input (third-party files often drop it); every other standard column is required.
        var cRowId = doc.HasColumn("row_id") ? doc.Column("row_id") : -1;
        var cTomo = doc.Column(n.TomoId, layout);
        var cZ = doc.Column(n.MotorZ, layout);
        var cY = doc.Column(n.MotorY, layout);
        var cX = doc.Column(n.MotorX, layout);
        var cSz = doc.Column(n.ShapeZ, layout);
        var cSy = doc.Column(n.ShapeY, layout);
        var cSx = doc.Column(n.ShapeX, layout);
        var cVs = doc.Column(n.Spacing, layout);
        var cN = n.MotorCount is null ? -1 : doc.Column(n.MotorCount, layout);
        var standard = new HashSet<int> { cTomo, cZ, cY, cX, cSz, cSy, cSx, cVs, cN, cRowId };
        var extraIdx = n.KeepExtraColumns ? Enumerable.Range(0, doc.Header.Count).Where(i => !standard.Contains(i)).ToArray() : [];
        var extraCols = extraIdx.Select(i => doc.Header[i]).ToArray();

        var rows = new List<TrainLabelRow>(doc.Rows.Count);
        foreach (var r in doc.Rows)
        {
            var tomo = r[cTomo];
            Identifiers.Check(tomo, doc.Path, r.Line, n.TomoId);
            var motor = new Point3(FieldParser.Double(doc, r, cZ), FieldParser.Double(doc, r, cY), FieldParser.Double(doc, r, cX));
            var shape = new TomoShape(FieldParser.Int(doc, r, cSz), FieldParser.Int(doc, r, cSy), FieldParser.Int(doc, r, cSx));
            if (shape.Z <= 0 || shape.Y <= 0 || shape.X <= 0)
                throw new MotorPickException($"array shape must be positive, found {shape}", doc.Path, r.Line, n.ShapeZ);
            var vs = FieldParser.Double(doc, r, cVs);
            if (vs <= 0) throw new MotorPickException($"voxel spacing must be positive (Å), found {vs}", doc.Path, r.Line, n.Spacing);
            var count = cN >= 0 ? FieldParser.Int(doc, r, cN) : -1;
            var rowId = cRowId >= 0 ? FieldParser.Long(doc, r, cRowId) : rows.Count;
            var isNone = motor is { Z: -1, Y: -1, X: -1 };
            if (!isNone && (motor.Z == -1 || motor.Y == -1 || motor.X == -1))
                throw new MotorPickException($"a motor has -1 on some axes but not all: {motor}; use -1 on all three axes for 'no motor'", doc.Path, r.Line, n.MotorZ);
            if (!isNone && !shape.Contains(motor))
                throw new MotorPickException($"motor {motor} lies outside the array shape {shape} (voxel coordinates must be in [-0.5, n-0.5))", doc.Path, r.Line, AxisField(n, motor, shape));
            rows.Add(new TrainLabelRow(rowId, tomo, motor, shape, vs, count, extraIdx.Select(i => r[i]).ToArray()));
        }
        if (cN < 0) CountMotors(rows);

        var warnings = ValidateTomograms(doc, rows, n);
        return new TrainLabelsTable(rows, extraCols, warnings);
    }

    /// <summary>A file without a motor count gets the number of motor rows of each tomogram.</summary>
    private static void CountMotors(List<TrainLabelRow> rows)
    {
        var counts = rows.GroupBy(r => r.TomoId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(r => r.HasMotor), StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++) rows[i] = rows[i] with { NumberOfMotors = counts[rows[i].TomoId] };
    }

    /// <summary>Writes the table in the competition's layout (plus its extra columns), Python float formatting.</summary>
    public static void Write(string path, TrainLabelsTable table) => AtomicFile.WriteAllText(path, Format(table));

    public static string Format(TrainLabelsTable table)
    {
        var csv = new CsvText();
        csv.Row(TrainLabelsTable.StandardColumns.Concat(table.ExtraColumns));
        foreach (var r in table.Rows)
        {
            csv.Row(new[]
            {
                r.RowId.ToString(CultureInfo.InvariantCulture), r.TomoId,
                PyFormat.Float(r.Motor.Z), PyFormat.Float(r.Motor.Y), PyFormat.Float(r.Motor.X),
                r.Shape.Z.ToString(CultureInfo.InvariantCulture), r.Shape.Y.ToString(CultureInfo.InvariantCulture), r.Shape.X.ToString(CultureInfo.InvariantCulture),
                PyFormat.Float(r.VoxelSpacing), r.NumberOfMotors.ToString(CultureInfo.InvariantCulture),
            }.Concat(r.Extra));
        }
        return csv.ToString();
    }

    private static List<LabelWarning> ValidateTomograms(CsvDocument doc, List<TrainLabelRow> rows, PerMotorColumns n)
    {
        var warnings = new List<LabelWarning>();
        // a patched table (source and conf columns) copies the count from the original row and never updates it (reference
        // train_labels_v2): its stale counts are its format, said once rather than per tomogram
        var patched = doc.HasColumn("source");
        var stale = new List<string>();
        var lines = doc.Rows.Select(r => r.Line).ToArray();
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (!groups.TryGetValue(rows[i].TomoId, out var list)) groups[rows[i].TomoId] = list = [];
            list.Add(i);
        }
        foreach (var (tomo, idx) in groups)
        {
            var first = rows[idx[0]];
            foreach (var i in idx.Skip(1))
            {
                var r = rows[i];
                if (r.Shape != first.Shape)
                    throw new MotorPickException($"{tomo} has array shape {r.Shape} here but {first.Shape} on line {lines[idx[0]]}", doc.Path, lines[i], n.ShapeZ);
                if (r.VoxelSpacing != first.VoxelSpacing)
                    throw new MotorPickException($"{tomo} has voxel spacing {r.VoxelSpacing} here but {first.VoxelSpacing} on line {lines[idx[0]]}", doc.Path, lines[i], n.Spacing);
            }
            var motors = idx.Count(i => rows[i].HasMotor);
            if (motors > 0 && motors < idx.Count)
            {
                var bad = idx.First(i => !rows[i].HasMotor);
                throw new MotorPickException($"{tomo} has both motor rows and a 'no motor' (-1) row", doc.Path, lines[bad], n.MotorZ);
            }
            if (first.NumberOfMotors != motors && patched) stale.Add(tomo);
            else if (first.NumberOfMotors != motors)
                warnings.Add(new LabelWarning(doc.Path, lines[idx[0]], n.MotorCount ?? "",
                    $"{tomo}: 'Number of motors' says {first.NumberOfMotors} but the file has {motors} motor row(s); the rows are used"));
        }
        if (stale.Count > 0)
            warnings.Add(new LabelWarning(doc.Path, lines[0], n.MotorCount ?? "",
                $"{stale.Count} patched tomogram(s) keep the 'Number of motors' of their original rows (a patched table never updates it, as the reference's " +
                $"train_labels_v2 does not): {string.Join(", ", stale.Take(5))}{(stale.Count > 5 ? ", ..." : "")}; the rows are used"));
        return warnings;
    }

    private static string AxisField(PerMotorColumns n, Point3 p, TomoShape s) =>
        p.Z < -0.5 || p.Z >= s.Z - 0.5 ? n.MotorZ : p.Y < -0.5 || p.Y >= s.Y - 0.5 ? n.MotorY : n.MotorX;
}
