using System.Globalization;
using System.Net;
using System.Text;
using MotorPick.Core;
using MotorPick.Curation.Cvat;
using MotorPick.Curation.Review;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;

namespace MotorPick.Rounds.Demo;

/// <summary>Writes the demo's HTML report with its plots (ScottPlot PNGs) and a few review images.</summary>
public static class DemoReport
{
    public static void Write(string htmlPath, DemoSummary s, GtTable heldTruth, IReadOnlyList<Prediction> before, IReadOnlyList<Prediction> after, string reviewDir,
        IReadOnlyList<(string Name, string RunDir)>? trainings = null, IReadOnlyList<string[]>? commands = null)
    {
        var dir = Path.GetDirectoryName(htmlPath)!;
        Directory.CreateDirectory(dir);
        PrecisionRecall(Path.Combine(dir, "precision-recall.png"), heldTruth, before, after);
        F2VsThreshold(Path.Combine(dir, "f2-vs-threshold.png"), heldTruth, before, after);
        LabelBars(Path.Combine(dir, "labels.png"), s);
        var images = CopyReviewImages(reviewDir, dir, 4);
        var curves = CopyTrainingCurves(trainings ?? [], dir);

        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>MotorPick demo report</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
            .Append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .7em;text-align:right}")
            .Append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}img{max-width:100%;border:1px solid #ddd;margin:.5em 0}</style></head><body>")
            .Append("<h1>MotorPick: the reference's three pseudo-labelling rounds on synthetic data</h1>")
            .Append($"<p>Finished in {s.Elapsed.TotalMinutes:F1} minutes. Round 1 (k-fold, out of fold), round 2 (an ensemble trained on every tomogram ")
            .Append("with round 1's labels) and the external round (synthetic runs fetched from a local stand-in portal, their labels converted from a ")
            .Append("brendanartley-format file) each mined review items that a simulated reviewer, who knows the truth, answered; the final model was trained ")
            .Append("on all_gt_v3 (gt_v3 and external_gt) over both data roots.</p>")
            .Append("<h2>Labels against the truth, after each round</h2><table><tr><th></th><th>labels</th><th>true motors</th><th>TP</th><th>FP</th><th>FN</th><th>precision</th><th>recall</th></tr>");
        foreach (var (name, q) in s.Labels) html.Append(Row(name, q));
        html.Append("</table><img src=\"labels.png\" alt=\"Label precision and recall after each round\">")
            .Append("<h2>Reviews</h2><table><tr><th>round</th><th>items</th><th>TP</th><th>FP</th><th>FN</th><th>TN</th><th>accepted candidates</th></tr>");
        foreach (var r in s.Reviews)
            html.Append($"<tr><td>{r.Round}</td><td>{r.Items}</td><td>{r.Judge.TP}</td><td>{r.Judge.FP}</td><td>{r.Judge.FN}</td><td>{r.Judge.TN}</td><td>{r.Accepted}</td></tr>");
        html.Append("</table><h2>Detector on held-out tomograms</h2><table><tr><th>model</th><th>best F2</th><th>at threshold</th><th>F2 at 0.5</th><th>AP</th><th>partial AP</th></tr>");
        foreach (var (name, h) in s.HeldOut) html.Append(Row(name, h));
        html.Append("</table>")
            .Append("<img src=\"precision-recall.png\" alt=\"Precision-recall curves on held-out tomograms\">")
            .Append("<img src=\"f2-vs-threshold.png\" alt=\"F2 against the confidence threshold\">")
            .Append("<h2>Review images (round 1)</h2><p>GT column (red) and one column per candidate (green); panels z-8, z+8, z and the heatmap.</p>");
        foreach (var img in images) html.Append($"<figure><img src=\"{WebUtility.HtmlEncode(img)}\" alt=\"review image {WebUtility.HtmlEncode(img)}\"><figcaption>{WebUtility.HtmlEncode(img)}</figcaption></figure>");
        if (curves.Count > 0)
        {
            html.Append("<h2>Training curves</h2><p>Each training's <code>progress.png</code>: loss, validation F2 and learning rate.</p>");
            foreach (var (name, file) in curves)
                html.Append($"<figure><img src=\"{WebUtility.HtmlEncode(file)}\" alt=\"training curves, {WebUtility.HtmlEncode(name)}\"><figcaption>{WebUtility.HtmlEncode(name)}</figcaption></figure>");
        }
        html.Append("<h2>Stages</h2><table><tr><th>stage</th><th>seconds</th></tr>");
        foreach (var (name, seconds) in s.Stages) html.Append($"<tr><td>{WebUtility.HtmlEncode(name)}</td><td>{seconds:F1}</td></tr>");
        html.Append("</table>");
        html.Append("<h2>How this report was made</h2><p>")
            .Append(WebUtility.HtmlEncode($"MotorPick {Version()} on {Core.Machine.CpuInfo.Here.Describe()}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC."))
            .Append("</p>");
        if (commands is { Count: > 0 })
        {
            html.Append("<p>The commands this run executed (steps finished by an earlier run were skipped and are not listed):</p><pre style=\"white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85em\">");
            foreach (var c in commands) html.Append(WebUtility.HtmlEncode("motorpick " + Scheduling.ShellWords.Join(c))).Append('\n');
            html.Append("</pre>");
        }
        html.Append("</body></html>\n");
        AtomicFile.WriteAllText(htmlPath, html.ToString());
    }

    private static string Row(string name, LabelQuality q) =>
        $"<tr><td>{name}</td><td>{q.Labels}</td><td>{q.TrueMotors}</td><td>{q.Tp}</td><td>{q.Fp}</td><td>{q.Fn}</td><td>{F(q.Precision)}</td><td>{F(q.Recall)}</td></tr>";

    private static string Row(string name, HeldOutScore h) =>
        $"<tr><td>{name}</td><td>{F(h.BestF2)}</td><td>{F(h.Threshold)}</td><td>{F(h.F2AtHalf)}</td><td>{F(h.AP)}</td><td>{F(h.PartialAP)}</td></tr>";

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Pct(double v) => (100 * v).ToString("0", CultureInfo.InvariantCulture) + " %";

    private static (bool[] Gt, double[] Scores) Curve(GtTable truth, IReadOnlyList<Prediction> top1)
    {
        var byId = top1.ToDictionary(p => p.TomoId, StringComparer.Ordinal);
        var rows = truth.Rows.Where(r => byId.ContainsKey(r.TomoId)).ToArray();
        var gt = rows.Select(r => r.NumMotors > 0).ToArray();
        // A positive too far from every true motor counts as a miss, as in the reference's local validation.
        var scores = rows.Select(r =>
        {
            var p = byId[r.TomoId];
            if (!p.HasMotor) return 0.0;
            var near = r.Motors.Any(m => m.DistanceTo(p.Point) <= KaggleScore.RadiusA / r.VoxelSpacing);
            return r.NumMotors > 0 && !near ? -1.0 : p.Conf ?? 0;
        }).ToArray();
        return (gt, scores);
    }

    private static void PrecisionRecall(string path, GtTable truth, IReadOnlyList<Prediction> before, IReadOnlyList<Prediction> after)
    {
        var plt = new ScottPlot.Plot();
        foreach (var (name, preds) in new[] { ("round 1 model", before), ("final model", after) })
        {
            var (gt, scores) = Curve(truth, preds);
            var c = PrecisionRecallCurve.Compute(gt, scores);
            if (c.Thresholds.Length > 0 && c.Thresholds[0] == -1) c = c.DropFirst(); // as the reference's local validation does
            var line = plt.Add.Scatter(c.Recall, c.Precision);
            line.LegendText = name;
        }
        plt.Title("Held-out tomograms: precision-recall");
        plt.XLabel("recall");
        plt.YLabel("precision");
        plt.Axes.SetLimits(0, 1.02, 0, 1.02);
        plt.ShowLegend();
        AtomicFile.WriteAllBytes(path, plt.GetImageBytes(640, 420, ScottPlot.ImageFormat.Png));
    }

    private static void F2VsThreshold(string path, GtTable truth, IReadOnlyList<Prediction> before, IReadOnlyList<Prediction> after)
    {
        var plt = new ScottPlot.Plot();
        var thresholds = Enumerable.Range(1, 99).Select(i => i / 100.0).ToArray();
        foreach (var (name, preds) in new[] { ("round 1 model", before), ("final model", after) })
        {
            var f2 = thresholds.Select(t => KaggleScore.Compute(truth, preds.Select(p => (p.Conf ?? 0) < t ? p with { Point = Labels.Point3.None } : p).ToArray(),
                choice: GtMotorChoice.Nearest).F2).ToArray();
            var line = plt.Add.Scatter(thresholds, f2);
            line.LegendText = name;
        }
        plt.Title("Held-out tomograms: F2 against the confidence threshold");
        plt.XLabel("threshold");
        plt.YLabel("F2");
        plt.Axes.SetLimits(0, 1, 0, 1.02);
        plt.ShowLegend();
        AtomicFile.WriteAllBytes(path, plt.GetImageBytes(640, 420, ScottPlot.ImageFormat.Png));
    }

    private static void LabelBars(string path, DemoSummary s)
    {
        var plt = new ScottPlot.Plot();
        var n = s.Labels.Count;
        var p = plt.Add.Bars(Enumerable.Range(0, n).Select(i => 3.0 * i + 1).ToArray(), s.Labels.Select(l => l.Quality.Precision).ToArray());
        p.LegendText = "precision";
        var r = plt.Add.Bars(Enumerable.Range(0, n).Select(i => 3.0 * i + 2).ToArray(), s.Labels.Select(l => l.Quality.Recall).ToArray());
        r.LegendText = "recall";
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, n).Select(i => 3.0 * i + 1.5).ToArray(), s.Labels.Select(l => Tick(l.Name)).ToArray());
        plt.Title("Labels against the synthetic truth, after each round");
        plt.Axes.SetLimits(0, 3 * n, 0, 1.05);
        plt.ShowLegend();
        AtomicFile.WriteAllBytes(path, plt.GetImageBytes(900, 460, ScottPlot.ImageFormat.Png));
    }

    /// <summary>A bar's short label: the table's row name without its note in brackets and its longer words.</summary>
    private static string Tick(string name) => name.Split(" (")[0]
        .Replace("starting labels", "start", StringComparison.Ordinal).Replace("external, converted labels", "external v1", StringComparison.Ordinal)
        .Replace("external, after its round", "external_gt", StringComparison.Ordinal).Replace("after ", "", StringComparison.Ordinal);

    private static string Version() =>
        typeof(DemoReport).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>Copies each training's progress.png (drawn when it is missing: a run trained before curves existed) beside the report as curves-N.png.</summary>
    private static List<(string Name, string File)> CopyTrainingCurves(IReadOnlyList<(string Name, string RunDir)> trainings, string dir)
    {
        var result = new List<(string, string)>();
        foreach (var (name, runDir) in trainings)
        {
            var drawn = Path.Combine(runDir, Reports.TrainingCurves.FileName);
            if ((File.Exists(drawn) ? drawn : Reports.TrainingCurves.Write(runDir)) is not { } png) continue;
            var file = $"curves-{result.Count}.png";
            File.Copy(png, Path.Combine(dir, file), overwrite: true);
            result.Add((name, file));
        }
        return result;
    }

    private static List<string> CopyReviewImages(string reviewDir, string dir, int max)
    {
        var images = new ReviewDirectory(reviewDir).ImagesDir;
        var result = new List<string>();
        if (!Directory.Exists(images)) return result;
        foreach (var file in Directory.EnumerateFiles(images, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(max))
        {
            var name = Path.GetFileName(file);
            File.Copy(file, Path.Combine(dir, name), overwrite: true);
            result.Add(name);
        }
        return result;
    }
}
