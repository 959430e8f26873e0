using System.IO.Compression;
using MotorPick.Core;
using MotorPick.Curation.Cvat;
using MotorPick.Interop.Star;
using MotorPick.Labels.Points;
using MotorPick.Labels.Splits;
using MotorPick.Labels.Tables;

namespace MotorPick.Fuzz;

/// <summary>Label CSVs: the same file is read as train_labels.csv, as a gt table (full or short), as predictions, and through LabelTables.ReadAsGt.</summary>
internal sealed class CsvHarness : IHarness
{
    public string Name => "csv";

    public void Run(byte[] input, string dir)
    {
        var path = Path.Combine(dir, "labels.csv");
        File.WriteAllBytes(path, input);
        // Each reader refuses most inputs meant for the others: run them all, one refusal does not stop the rest.
        Try(() => TrainLabelsFile.Read(path));
        Try(() => GtTableFile.Read(path));
        Try(() => PredictionsFile.Read(path));
        Try(() => LabelTables.ReadAsGt(path));
    }

    private static void Try(Func<object> read)
    {
        try { _ = read(); }
        catch (MotorPickException) { }
    }

    public void WriteSeeds(string corpus, string fixtures)
    {
        Seeds.Head(Path.Combine(fixtures, "reference"), "*.csv", corpus, 12);
        Seeds.Text(corpus, "gen_predictions.csv", "tomo_id,motor_z,motor_y,motor_x,conf\ntomo_a,1.5,2,3,0.9\ntomo_b,-1,-1,-1,0.1\n");
        Seeds.Text(corpus, "gen_submission.csv", "tomo_id,Motor axis 0,Motor axis 1,Motor axis 2\ntomo_a,1,2,3\n");
    }
}

/// <summary>Cross-validation split JSON.</summary>
internal sealed class SplitHarness : IHarness
{
    public string Name => "split";

    public void Run(byte[] input, string dir)
    {
        var path = Path.Combine(dir, "split.json");
        File.WriteAllBytes(path, input);
        var split = CvSplitFile.Read(path);
        for (int k = 0; k < split.Folds.Count; k++) _ = split.Fold(k);
    }

    public void WriteSeeds(string corpus, string fixtures)
    {
        var split = new CvSplit(CvSplit.SklearnStratifiedKFold, 2, 42, [new CvFold(["a", "b"], ["c"]), new CvFold(["c"], ["a", "b"])]);
        Seeds.Text(corpus, "gen_split.json", CvSplitFile.Format(split));
        Seeds.Text(corpus, "gen_group_split.json", CvSplitFile.Format(split with { Splitter = CvSplit.StratifiedGroupKFold, GroupBy = "dataset", RandomState = null }));
    }
}

/// <summary>Portal point annotations (ndjson).</summary>
internal sealed class NdjsonHarness : IHarness
{
    public string Name => "ndjson";

    public void Run(byte[] input, string dir)
    {
        var path = Path.Combine(dir, "points.ndjson");
        File.WriteAllBytes(path, input);
        _ = NdjsonPoints.Read(path);
    }

    public void WriteSeeds(string corpus, string fixtures)
    {
        Seeds.Copy(Path.Combine(fixtures, "peer"), "*.ndjson", corpus);
        Seeds.Text(corpus, "gen_points.ndjson", "{\"type\": \"orientedPoint\", \"location\": {\"x\": 1.5, \"y\": 2, \"z\": 3}, \"score\": 0.5}\n\n{\"location\": {\"x\": 0, \"y\": 0, \"z\": 0}}\n");
    }
}

/// <summary>STAR files: parse, then look up every block's labels and key-value pairs.</summary>
internal sealed class StarHarness : IHarness
{
    public string Name => "star";

    public void Run(byte[] input, string dir)
    {
        var path = Path.Combine(dir, "input.star");
        File.WriteAllBytes(path, input);
        var doc = StarDocument.Load(path);
        foreach (var block in doc.Blocks)
        {
            _ = doc.Find(block.Name);
            foreach (var c in block.Columns)
            {
                _ = block.Column(c);
                _ = block.Value(c);
            }
        }
    }

    public void WriteSeeds(string corpus, string fixtures)
    {
        var golden = Path.Combine(Path.GetDirectoryName(fixtures)!, "MotorPick.Interop.Tests", "Golden");
        Seeds.Copy(golden, "*.star", corpus);
        Seeds.Text(corpus, "gen_pairs.star", "# comment\ndata_general\n_rlnTomoName 'TS 01'\n_rlnTomoSizeX 100\n\ndata_particles\nloop_\n_rlnCoordinateX #1\n_rlnCoordinateY #2\n1.0 \"2 0\"\n3 4\n");
    }
}

/// <summary>CVAT for images 1.1: byte 0 even = annotations.xml (the rest), odd = an export ZIP (the rest).</summary>
internal sealed class CvatHarness : IHarness
{
    private const string Xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <annotations>
          <version>1.1</version>
          <meta><task><name>review</name></task></meta>
          <image id="0" name="tomo_a_0.png" width="64" height="64"><tag label="motor" source="manual"></tag></image>
          <image id="1" name="tomo_b_0.png" width="64" height="64"/>
        </annotations>
        """;

    public string Name => "cvat";

    public void Run(byte[] input, string dir)
    {
        if (input.Length == 0) return;
        var path = Path.Combine(dir, (input[0] & 1) == 0 ? "annotations.xml" : "export.zip");
        File.WriteAllBytes(path, input[1..]);
        _ = CvatAnnotations.Read(path);
    }

    public void WriteSeeds(string corpus, string fixtures)
    {
        Seeds.Write(corpus, "gen_annotations.xml", [0, .. System.Text.Encoding.UTF8.GetBytes(Xml)]);
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            var e = zip.CreateEntry("annotations.xml", CompressionLevel.Fastest);
            using var s = e.Open();
            s.Write(System.Text.Encoding.UTF8.GetBytes(Xml));
        }
        Seeds.Write(corpus, "gen_export.zip", [1, .. ms.ToArray()]);
        // Committed regression inputs: .xml and .zip files, given their selector byte.
        var regressions = Path.Combine(fixtures, "fuzz", "cvat");
        if (Directory.Exists(regressions))
            foreach (var f in Directory.EnumerateFiles(regressions).Where(f => f.EndsWith(".xml") || f.EndsWith(".zip")).Order())
                Seeds.Write(corpus, "regression_" + Path.GetFileName(f), [(byte)(f.EndsWith(".zip") ? 1 : 0), .. File.ReadAllBytes(f)]);
    }
}
