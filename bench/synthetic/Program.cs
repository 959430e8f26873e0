using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MotorPick.Bench.Synthetic;
using MotorPick.Core;
using MotorPick.Formats.Jpeg;
using MotorPick.Labels;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;
using MotorPick.Synthetic;
using MotorPick.Synthetic.Geometry;
using MotorPick.Synthetic.Output;
using MotorPick.Synthetic.Scene;

// Benchmark of the synthetic generator (issue 4):
//  1. generation speed of a competition-size tomogram (300x960x928);
//  2. accuracy baselines on the bench preset: a naive detector (densest blob after smoothing at the motor's size)
//     must stay below F2 0.5, while a matched filter given the true motor template and orientation scores far higher.
var opts = Args.Parse(args);
var report = new Dictionary<string, object>();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, Vector<float> {System.Numerics.Vector<float>.Count} lanes");

if (!opts.SkipSpeed)
{
    var competition = SynthPresets.Get("competition") with { Seed = opts.Seed };
    var spec = Enumerable.Range(0, 64).Select(i => TomogramGenerator.Sample(competition, i)).First(s => s.Z == 300 && s.Y == 960 && s.X == 928);
    var proc = Process.GetCurrentProcess();
    var cpu0 = proc.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    var tomo = TomogramGenerator.Render(spec, opts.Threads);
    var render = sw.Elapsed.TotalSeconds;
    var dir = Path.Combine(Path.GetTempPath(), "motorpick-bench-speed-" + Environment.ProcessId);
    sw.Restart();
    var slice = spec.Y * spec.X;
    using (var writer = new JpegSliceStackWriter(dir, spec.Z, spec.Y, spec.X))
    {
        var buf = new byte[16 * slice];
        for (var z0 = 0; z0 < spec.Z; z0 += 16)
        {
            var n = Math.Min(16, spec.Z - z0);
            for (var i = 0; i < n; i++) tomo.QuantizeSlice(z0 + i, buf.AsSpan(i * slice, slice));
            writer.WriteSlices(z0, buf.AsMemory(0, n * slice));
        }
        writer.Complete();
    }
    var jpeg = sw.Elapsed.TotalSeconds;
    proc.Refresh();
    var cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
    Directory.Delete(dir, true);
    Console.WriteLine($"competition-size tomogram {spec.TomoId} {spec.Z}x{spec.Y}x{spec.X} @ {spec.SpacingA} A: render {render:F1} s + JPEG {jpeg:F1} s = {render + jpeg:F1} s wall, {cpu:F1} s CPU, peak RSS {proc.PeakWorkingSet64 / 1e9:F2} GB");
    report["speed"] = new { spec.TomoId, shape = spec.Shape, spacing = spec.SpacingA, renderSeconds = render, jpegSeconds = jpeg, cpuSeconds = cpu, peakRssGB = proc.PeakWorkingSet64 / 1e9, threads = opts.Threads };
    tomo = null;
    GC.Collect();
}

var bench = SynthPresets.Get("bench") with { Seed = opts.Seed, Count = opts.Count };
var genWatch = Stopwatch.StartNew();
var result = SyntheticDatasetWriter.Write(opts.Out, bench, SynthFormats.Jpeg, opts.Threads,
    new Progress(p => { if (p.Done % 20 == 0 || p.Done == p.Total) Console.WriteLine($"  generated {p.Done}/{p.Total} ({p.Elapsed.TotalSeconds:F0} s)"); }));
Console.WriteLine($"bench preset: {result.Tomograms} tomograms ({result.Generated} generated, {result.Skipped} reused) in {genWatch.Elapsed.TotalSeconds:F0} s, {result.Motors} motors");

var specs = TomogramGenerator.SampleAll(bench);
var naive = new List<Prediction>();
var matched = new List<Prediction>();
var detWatch = Stopwatch.StartNew();
foreach (var spec in specs)
{
    var stack = JpegSliceStack.Open(SynthLayout.SliceDirectory(opts.Out, spec.TomoId));
    var u8 = stack.ReadAll();
    var factor = Math.Clamp((int)Math.Round(40 / spec.SpacingA), 1, 4);
    var binned = new Binned(u8, spec.Z, spec.Y, spec.X, factor);
    var n = NaiveDetector.Detect(binned, spec.SpacingA);
    naive.Add(new Prediction(spec.TomoId, new Point3(n.Z, n.Y, n.X), n.Score));
    var (normal, periplasm) = Orientation(spec);
    var m = MatchedFilter.Detect(binned, spec.SpacingA, normal, periplasm, spec.Imaging.PsfSigmaA, spec.Imaging.WedgeElongation);
    matched.Add(new Prediction(spec.TomoId, new Point3(m.Z, m.Y, m.X), m.Score));
    if (opts.Debug && spec.Motors.Count > 0)
    {
        var t = spec.Motors[0].LabelVoxels(spec.SpacingA);
        double D(Detection d) => Math.Sqrt((d.Z - t[0]) * (d.Z - t[0]) + (d.Y - t[1]) * (d.Y - t[1]) + (d.X - t[2]) * (d.X - t[2])) * spec.SpacingA;
        var (map, _) = MatchedFilter.Map(binned, spec.SpacingA, normal, periplasm, spec.Imaging.PsfSigmaA, spec.Imaging.WedgeElongation);
        int bz = (int)(t[0] / factor), by = (int)(t[1] / factor), bx = (int)(t[2] / factor);
        float atTruth = float.MinValue;
        for (var dz = -1; dz <= 1; dz++) for (var dy = -1; dy <= 1; dy++) for (var dx = -1; dx <= 1; dx++)
        {
            int zz = Math.Clamp(bz + dz, 0, binned.Z - 1), yy = Math.Clamp(by + dy, 0, binned.Y - 1), xx = Math.Clamp(bx + dx, 0, binned.X - 1);
            atTruth = Math.Max(atTruth, map[(zz * binned.Y + yy) * binned.X + xx]);
        }
        Console.Write($"ncc@truth {atTruth:F1} ");
        Console.WriteLine($"{spec.TomoId} truth {t[0]:F0},{t[1]:F0},{t[2]:F0} naive {n.Z:F0},{n.Y:F0},{n.X:F0} ({D(n):F0} A, {n.Score:F2}) matched {m.Z:F0},{m.Y:F0},{m.X:F0} ({D(m):F0} A, {m.Score:F2}) gold {spec.Decoys.Gold.Count} fil {spec.Motors[0].HasFilament} snr {spec.Imaging.Snr:F2}");
    }
}
Console.WriteLine($"detectors: {detWatch.Elapsed.TotalSeconds:F0} s for {specs.Count} tomograms");

var truth = GtTable.FromTrainLabels(TrainLabelsFile.Read(Path.Combine(opts.Out, SynthLayout.Truth)));
var quantiles = new[] { 0.0, 0.3, 0.44, 0.55, 0.7 };
Console.WriteLine($"\n{"quantile",-10}{"naive F2",12}{"matched F2",14}   (competition metric vs truth.csv, {specs.Count} tomograms, {specs.Count(s => s.Motors.Count > 0)} with motors)");
var rows = new List<object>();
foreach (var q in quantiles)
{
    var a = Score(truth, naive, q);
    var b = Score(truth, matched, q);
    Console.WriteLine($"{q,-10}{a.F2,12:F3}{b.F2,14:F3}   naive TP/FP/FN {a.Tp}/{a.Fp}/{a.Fn}, matched {b.Tp}/{b.Fp}/{b.Fn}");
    rows.Add(new { quantile = q, naiveF2 = a.F2, matchedF2 = b.F2, naive = new { a.Tp, a.Fp, a.Fn, a.Tn }, matched = new { b.Tp, b.Fp, b.Fn, b.Tn } });
}

report["bench"] = new { count = specs.Count, withMotors = specs.Count(s => s.Motors.Count > 0), generationSeconds = result.Elapsed.TotalSeconds, rows };
File.WriteAllText(Path.Combine(opts.Out, "bench-results.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"\nresults: {Path.Combine(opts.Out, "bench-results.json")}");


static KaggleScoreResult Score(GtTable truth, List<Prediction> preds, double q)
{
    var thr = PyNumbers.Quantile(preds.Select(p => p.Conf ?? 0), q);
    var kept = preds.Select(p => q > 0 && (p.Conf ?? 0) < thr ? p with { Point = Point3.None } : p).ToList();
    return KaggleScore.Compute(truth, kept);
}

// The true orientation: the first motor's axis; without motors, the membrane normal of the first cell where it
// crosses the middle of the field (what a motor there would have); without cells, along x.
static (ZyxVector Normal, double Periplasm) Orientation(TomogramSpec spec)
{
    if (spec.Motors.Count > 0) return (spec.Motors[0].Normal, spec.Motors[0].PeriplasmA);
    if (spec.Cells.Count == 0) return (new ZyxVector(0, 0, 1), 250);
    var cell = new CellGeometry(spec.Cells[0]);
    var mp = cell.Project(spec.FieldA / 2, spec.Cells[0].InnerMembraneOffsetA);
    return (cell.Gradient(mp), spec.Cells[0].PeriplasmA);
}

internal sealed class Progress(Action<SynthProgress> report) : IProgress<SynthProgress>
{
    public void Report(SynthProgress value) => report(value);
}

internal sealed record Args(string Out, int Count, ulong Seed, int Threads, bool SkipSpeed, bool Debug)
{
    public static Args Parse(string[] a)
    {
        string Get(string name, string def)
        {
            var i = Array.IndexOf(a, name);
            return i >= 0 && i + 1 < a.Length ? a[i + 1] : def;
        }
        return new Args(Get("--out", Path.Combine(Path.GetTempPath(), "motorpick-bench-synthetic")),
            int.Parse(Get("--count", "200"), CultureInfo.InvariantCulture), ulong.Parse(Get("--seed", "1"), CultureInfo.InvariantCulture),
            int.Parse(Get("--threads", "0"), CultureInfo.InvariantCulture), a.Contains("--skip-speed"), a.Contains("--debug"));
    }
}
