using System.Globalization;
using MotorPick.Core;
using SkiaSharp;

namespace MotorPick.Rounds.Reports;

/// <summary>
/// <c>progress.png</c> of a training run, as nnU-Net users expect one: the training loss (raw and smoothed) with the
/// validation F2 (at the fixed threshold and the best over thresholds) on a second axis, and the learning rate below,
/// read from the run's <c>train_log.csv</c>. Written atomically, so a viewer never sees half a file.
/// </summary>
public static class TrainingCurves
{
    public const string FileName = "progress.png";

    private sealed record Row(string Kind, long Step, double Lr, double Loss, double F2, double BestF2);

    /// <summary>Renders <c>&lt;runDir&gt;/progress.png</c> from its log; returns its path, or null when the log has no step yet.</summary>
    public static string? Write(string runDir, int width = 900, int height = 640)
    {
        var log = Path.Combine(runDir, "train_log.csv");
        if (!File.Exists(log)) return null;
        var rows = Read(log);
        var train = rows.Where(r => r.Kind == "train").ToList();
        if (train.Count == 0) return null;
        var val = rows.Where(r => r.Kind == "val").ToList();

        var top = new ScottPlot.Plot();
        double[] steps = train.Select(r => (double)r.Step).ToArray();
        var loss = top.Add.Scatter(steps, train.Select(r => r.Loss).ToArray());
        loss.LegendText = "training loss";
        loss.MarkerSize = 0;
        if (train.Count >= 5)
        {
            var smooth = top.Add.Scatter(steps, Smooth(train.Select(r => r.Loss).ToArray()));
            smooth.LegendText = "loss, smoothed";
            smooth.MarkerSize = 0;
            smooth.LineWidth = 2;
        }
        top.Axes.Left.Label.Text = "loss";
        if (val.Count > 0)
        {
            double[] vs = val.Select(r => (double)r.Step).ToArray();
            var f2 = top.Add.Scatter(vs, val.Select(r => r.F2).ToArray());
            f2.LegendText = "validation F2";
            f2.Axes.YAxis = top.Axes.Right;
            var best = top.Add.Scatter(vs, val.Select(r => r.BestF2).ToArray());
            best.LegendText = "validation best F2";
            best.Axes.YAxis = top.Axes.Right;
            top.Axes.Right.Label.Text = "F2";
            top.Axes.SetLimitsY(0, 1.02, top.Axes.Right);
        }
        top.Title("Training progress");
        top.ShowLegend();

        var bottom = new ScottPlot.Plot();
        var lr = bottom.Add.Scatter(steps, train.Select(r => r.Lr).ToArray());
        lr.MarkerSize = 0;
        bottom.Axes.Left.Label.Text = "learning rate";
        bottom.Axes.Bottom.Label.Text = "optimiser step";

        int topHeight = height * 2 / 3;
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(SKColors.White);
        using (var a = SKBitmap.Decode(top.GetImageBytes(width, topHeight, ScottPlot.ImageFormat.Png))) surface.Canvas.DrawBitmap(a, 0, 0);
        using (var b = SKBitmap.Decode(bottom.GetImageBytes(width, height - topHeight, ScottPlot.ImageFormat.Png))) surface.Canvas.DrawBitmap(b, 0, topHeight);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        var path = Path.Combine(runDir, FileName);
        AtomicFile.WriteAllBytes(path, png.ToArray());
        return path;
    }

    /// <summary>Exponential moving average (0.9), as the training progress line shows.</summary>
    private static double[] Smooth(double[] v)
    {
        var s = new double[v.Length];
        for (int i = 0; i < v.Length; i++) s[i] = i == 0 ? v[0] : 0.9 * s[i - 1] + 0.1 * v[i];
        return s;
    }

    private static List<Row> Read(string path)
    {
        static double D(string s) => s.Length == 0 ? double.NaN : double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        var rows = new List<Row>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            // kind,step,lr,loss,steps_per_s,elapsed_s,f2,threshold,best_f2,...; a row cut short by a kill is skipped
            if (f.Length < 9 || !long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var step)) continue;
            try
            {
                rows.Add(new Row(f[0], step, D(f[2]), D(f[3]), D(f[6]), D(f[8])));
            }
            catch (FormatException)
            {
                // a damaged row: the plot shows the others
            }
        }
        return rows;
    }
}
