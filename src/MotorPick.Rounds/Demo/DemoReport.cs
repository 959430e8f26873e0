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
            .Append("<h1>MotorPick: one pseudo-labelling round on synthetic data</h1>")
            .Append($"<p>Finished in {s.Elapsed.TotalMinutes:F1} minutes. The labels started with {Pct(s.LabelsBefore.Recall)} of the true motors; ")
            .Append($"the round mined {s.Items} review items (TP {s.Judge.TP}, FP {s.Judge.FP}, FN {s.Judge.FN}, TN {s.Judge.TN}) and the simulated reviewer accepted {s.Accepted} candidates.</p>")
            .Append("<h2>Labels against the truth</h2><table><tr><th></th><th>labels</th><th>true motors</th><th>TP</th><th>FP</th><th>FN</th><th>precision</th><th>recall</th></tr>")
            .Append(Row("before the round", s.LabelsBefore)).Append(Row("after the round", s.LabelsAfter)).Append("</table>")
            .Append("<img src=\"labels.png\" alt=\"Label precision and recall before and after the round\">")
            .Append("<h2>Detector on held-out tomograms</h2><table><tr><th>model</th><th>best F2</th><th>at threshold</th><th>F2 at 0.5</th><th>AP</th><th>partial AP</th></tr>")
            .Append(Row("trained on the starting labels", s.Before)).Append(Row("trained on the patched labels", s.After)).Append("</table>")
            .Append("<img src=\"precision-recall.png\" alt=\"Precision-recall curves on held-out tomograms\">")
            .Append("<img src=\"f2-vs-threshold.png\" alt=\"F2 against the confidence threshold\">")
            .Append("<h2>Review images</h2><p>GT column (red) and one column per candidate (green); panels z-8, z+8, z and the heatmap.</p>");
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
        foreach (var (name, preds) in new[] { ("before", before), ("after", after) })
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
        foreach (var (name, preds) in new[] { ("before", before), ("after", after) })
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
        double[] values = [s.LabelsBefore.Precision, s.LabelsAfter.Precision, s.LabelsBefore.Recall, s.LabelsAfter.Recall];
        var bars = plt.Add.Bars(new double[] { 1, 2, 4, 5 }, values);
        bars.Horizontal = false;
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [1, 2, 4, 5], ["precision before", "precision after", "recall before", "recall after"]);
        plt.Title("Labels against the synthetic truth");
        plt.Axes.SetLimits(0, 6, 0, 1.05);
        AtomicFile.WriteAllBytes(path, plt.GetImageBytes(640, 420, ScottPlot.ImageFormat.Png));
    }

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
