using System.Globalization;
using MotorPick.Core;
using MotorPick.Labels.Csv;

namespace MotorPick.Labels.Tables;

/// <summary>
/// Reads and writes the one-row-per-tomogram tables (<c>gt.csv</c>, <c>gt_v2/v3.csv</c>, <c>external_gt.csv</c>,
/// <c>all_gt*.csv</c>) byte-identically to the reference: pandas' CSV with Python float repr and list strings.
/// </summary>
public static class GtTableFile
{
    public static GtTable Read(string path) => Parse(CsvDocument.Load(path));

    public static GtTable Parse(CsvDocument doc)
    {
        var expected = string.Join(", ", GtColumns.Short);
        var c = GtColumns.Short.ToDictionary(n => n, n => doc.Column(n, expected));
        var full = GtColumns.Full.All(doc.HasColumn);
        var layout = full ? GtLayout.Full : GtLayout.Short;
        var cOri = full ? doc.Column("ori_num_motors") : -1;

        var rows = new List<GtRow>(doc.Rows.Count);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var r in doc.Rows)
        {
            var id = r[c["tomo_id"]];
            Identifiers.Check(id, doc.Path, r.Line, "tomo_id");
            if (!seen.TryAdd(id, r.Line))
                throw new MotorPickException($"{id} appears twice (first on line {seen[id]}); a gt table has one row per tomogram", doc.Path, r.Line, "tomo_id");
            var shape = new TomoShape(FieldParser.Int(doc, r, c["Z"]), FieldParser.Int(doc, r, c["Y"]), FieldParser.Int(doc, r, c["X"]));
            if (shape.Z <= 0 || shape.Y <= 0 || shape.X <= 0)
                throw new MotorPickException($"array shape must be positive, found {shape}", doc.Path, r.Line, "Z");
            var vs = FieldParser.Double(doc, r, c["voxel_spacing"]);
            if (vs <= 0) throw new MotorPickException($"voxel spacing must be positive (Å), found {vs}", doc.Path, r.Line, "voxel_spacing");
            var motors = FieldParser.PointList(doc, r, c["motor_zyx"]);
            var n = FieldParser.Int(doc, r, c["num_motors"]);
            if (n != motors.Count)
                throw new MotorPickException($"num_motors is {n} but motor_zyx lists {motors.Count} motor(s)", doc.Path, r.Line, "num_motors");
            foreach (var m in motors)
            {
                if (!shape.Contains(m))
                    throw new MotorPickException($"motor {m} of {id} lies outside the array shape {shape} (voxel coordinates must be in [-0.5, n-0.5))", doc.Path, r.Line, "motor_zyx");
            }
            var firstCols = new Point3(FieldParser.Double(doc, r, c["motor_z"]), FieldParser.Double(doc, r, c["motor_y"]), FieldParser.Double(doc, r, c["motor_x"]));
            var first = motors.Count > 0 ? motors[0] : Point3.None;
            if (firstCols != first)
                throw new MotorPickException($"motor_z/y/x {firstCols} must be the first motor of motor_zyx, {first}", doc.Path, r.Line, "motor_z");
            int? ori = full ? FieldParser.Int(doc, r, cOri) : null;
            var row = new GtRow(id, shape, vs, motors, ori);
            if (full) CheckDerived(doc, r, row);
            rows.Add(row);
        }
        return new GtTable(rows, layout, doc.Path);
    }

    public static void Write(string path, GtTable table, GtLayout layout) => AtomicFile.WriteAllText(path, Format(table, layout));

    public static string Format(GtTable table, GtLayout layout)
    {
        if (layout == GtLayout.Full && table.Rows.Any(r => r.OriNumMotors is null))
            throw new MotorPickException("the full layout needs ori_num_motors, which a short-layout table does not have; write --format short", table.Source);
        var csv = new CsvText();
        csv.Row(GtColumns.For(layout));
        foreach (var r in table.Rows) csv.Row(layout == GtLayout.Full ? FullFields(r) : ShortFields(r));
        return csv.ToString();
    }

    private static IEnumerable<string> ShortFields(GtRow r)
    {
        var m = r.FirstMotor;
        return
        [
            r.TomoId, Int(r.Shape.Z), Int(r.Shape.Y), Int(r.Shape.X), PyFormat.Float(r.VoxelSpacing), Int(r.NumMotors),
            PyFormat.Float(m.Z), PyFormat.Float(m.Y), PyFormat.Float(m.X), MotorList(r.Motors),
        ];
    }

    private static IEnumerable<string> FullFields(GtRow r)
    {
        var d = Derived.Of(r);
        var m = r.FirstMotor;
        var mA = m.Scale(r.VoxelSpacing);
        return
        [
            r.TomoId, Int(r.Shape.Z), Int(r.Shape.Y), Int(r.Shape.X), PyFormat.Float(r.VoxelSpacing),
            Int(r.OriNumMotors!.Value), Int(r.NumMotors),
            PyFormat.Float(d.ZA), PyFormat.Float(d.YA), PyFormat.Float(d.XA), d.V.ToString(CultureInfo.InvariantCulture), PyFormat.Float(d.VA),
            PyFormat.Float(m.Z), PyFormat.Float(m.Y), PyFormat.Float(m.X),
            PyFormat.Float(mA.Z), PyFormat.Float(mA.Y), PyFormat.Float(mA.X),
            MotorList(r.Motors), MotorList(r.Motors.Select(p => p.Scale(r.VoxelSpacing))),
        ];
    }

    private static string MotorList(IEnumerable<Point3> motors) =>
        PyFormat.FloatListOfLists(motors.Select(p => (IReadOnlyList<double>)[p.Z, p.Y, p.X]));

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>The physical columns of the full layout, evaluated in the reference's order (pandas, float64).</summary>
    private readonly record struct Derived(double ZA, double YA, double XA, long V, double VA)
    {
        public static Derived Of(GtRow r)
        {
            double za = r.Shape.Z * r.VoxelSpacing, ya = r.Shape.Y * r.VoxelSpacing, xa = r.Shape.X * r.VoxelSpacing;
            return new Derived(za, ya, xa, r.Shape.VoxelCount, za * ya * xa);
        }
    }

    private static void CheckDerived(CsvDocument doc, CsvRow r, GtRow row)
    {
        var d = Derived.Of(row);
        Check("ZA", d.ZA);
        Check("YA", d.YA);
        Check("XA", d.XA);
        Check("VA", d.VA);
        if (FieldParser.Long(doc, r, doc.Column("V")) != d.V)
            throw new MotorPickException($"V must be Z*Y*X = {d.V}", doc.Path, r.Line, "V");

        void Check(string name, double expected)
        {
            var found = FieldParser.Double(doc, r, doc.Column(name));
            if (Math.Abs(found - expected) > 1e-9 * Math.Max(1, Math.Abs(expected)))
                throw new MotorPickException($"{name} is {found} but the shape and voxel spacing give {expected}", doc.Path, r.Line, name);
        }
    }
}
