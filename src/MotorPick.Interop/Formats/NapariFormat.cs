using System.Globalization;
using MotorPick.Core;
using MotorPick.Interop.Conventions;
using MotorPick.Interop.Sidecar;
using MotorPick.Labels.Csv;

namespace MotorPick.Interop.Formats;

/// <summary>
/// napari points layers saved as CSV, one file per tomogram (<c>&lt;tomo_id&gt;.csv</c>). napari's builtin writer
/// (napari_builtins napari_write_points) writes <c>index,axis-0,axis-1,axis-2</c> plus one column per feature, every
/// value through numpy (so the index reads <c>0.0</c>); axis-0/1/2 are z, y, x data coordinates = voxel indices.
/// Candidates carry their conf as a <c>score</c> feature. The reader accepts files with or without the index column.
/// </summary>
public sealed class NapariFormat : IPickFormat
{
    private static readonly VoxelConvention Convention = new("napari points (axis-0, axis-1, axis-2 = z, y, x)");
    private static readonly string[] Axes = ["axis-0", "axis-1", "axis-2"];

    public InteropFormat Format => InteropFormat.Napari;

    public string ConventionText(ExportOptions o) =>
        "napari points CSV: axis-0, axis-1, axis-2 = z, y, x voxel indices (voxel centres at integers), one file per tomogram; score = conf for candidates";

    /// <summary>One data row as napari writes it.</summary>
    public static string Row(int index, Labels.Point3 p, double? score)
    {
        var fields = new List<string> { PyFormat.Float(index), PyFormat.Float(p.Z), PyFormat.Float(p.Y), PyFormat.Float(p.X) };
        if (score is { } s) fields.Add(PyFormat.Float(s));
        return string.Join(',', fields);
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Write(PickSet set, string outDir, ExportOptions o)
    {
        var files = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var scored = set.Kind == PickKind.Candidates;
        foreach (var t in set.Tomograms)
        {
            CopickNames.ValidateRun(t.TomoId);
            var rel = t.TomoId + ".csv";
            var lines = new List<string> { "index," + string.Join(',', Axes) + (scored ? ",score" : "") };
            lines.AddRange(t.Picks.Select((p, i) => Row(i, p.Point, scored ? p.Score ?? 1.0 : null)));
            AtomicFile.WriteAllText(Path.Combine(outDir, rel), string.Join('\n', lines) + "\n");
            files[t.TomoId] = [rel];
        }
        return files;
    }

    public ForeignPicks Read(string input, ImportOptions o, GeometrySidecar? sidecar)
    {
        var files = Directory.Exists(input)
            ? Directory.EnumerateFiles(input, "*.csv").Order(StringComparer.Ordinal).ToList()
            : File.Exists(input) ? [input] : throw new MotorPickException("no such napari CSV file or folder", input);
        if (files.Count == 0) throw new MotorPickException("no .csv files in the folder", input);
        if (o.TomoId is not null && files.Count > 1) throw new MotorPickException($"--tomo-id names one tomogram but the folder holds {files.Count} CSV files", input);
        var tomograms = new List<ForeignTomogram>();
        var scored = false;
        foreach (var f in files)
        {
            var doc = CsvDocument.Load(f);
            var cols = Axes.Select(a => doc.Column(a, "[index,]axis-0,axis-1,axis-2[,features...] (z, y, x voxels)")).ToArray();
            var cScore = doc.HasColumn("score") ? doc.Column("score") : doc.HasColumn("conf") ? doc.Column("conf") : -1;
            if (doc.HasColumn("axis-3")) throw new MotorPickException("a 4D points layer (axis-3); expected 3D z, y, x points", f, 1, "axis-3");
            scored |= cScore >= 0;
            var picks = doc.Rows.Select(r => new ForeignPick(
                new XyzPoint(FieldParser.Double(doc, r, cols[2]), FieldParser.Double(doc, r, cols[1]), FieldParser.Double(doc, r, cols[0])),
                cScore >= 0 ? FieldParser.Double(doc, r, cScore) : null,
                $"line {r.Line.ToString(CultureInfo.InvariantCulture)}")).ToArray();
            tomograms.Add(new ForeignTomogram(o.TomoId ?? Path.GetFileNameWithoutExtension(f), f, picks, Convention));
        }
        return new ForeignPicks(tomograms, scored, [$"read {files.Count} napari CSV file(s)"]);
    }
}
