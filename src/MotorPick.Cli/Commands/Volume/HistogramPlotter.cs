using MotorPick.Core;
using MotorPick.Volumes.Histograms;

namespace MotorPick.Cli.Commands.Volume;

/// <summary>Draws histogram.json entries with ScottPlot: normalised histograms, the suspected wrongly quantised ones
/// (the reference's ratio rule) in red, a sample of the others in grey.</summary>
internal static class HistogramPlotter
{
    public static void Write(string path, IReadOnlyList<TomogramHistogram> entries, int maxNormal = 40)
    {
        var plot = new ScottPlot.Plot();
        var xs = Enumerable.Range(0, 256).Select(i => (double)i).ToArray();
        var flagged = entries.Where(e => e.LooksWronglyQuantised).ToList();
        var normal = entries.Where(e => !e.LooksWronglyQuantised).ToList();
        var step = Math.Max(1, normal.Count / Math.Max(1, maxNormal));
        for (var i = 0; i < normal.Count; i += step) Add(plot, xs, normal[i], ScottPlot.Colors.Gray.WithAlpha(0.4), label: i == 0 ? "normal (sample)" : null);
        for (var i = 0; i < flagged.Count; i++) Add(plot, xs, flagged[i], ScottPlot.Colors.Red.WithAlpha(0.8), label: i == 0 ? "suspected wrong quantisation" : null);
        plot.Title($"uint8 histograms after re-spacing: {flagged.Count} of {entries.Count} flagged (sum(h[:50])/sum(h[50:]) > 1)");
        plot.XLabel("grey level");
        plot.YLabel("fraction of voxels");
        plot.ShowLegend();
        var dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(1400, 800, ScottPlot.ImageFormat.Png));
    }

    private static void Add(ScottPlot.Plot plot, double[] xs, TomogramHistogram h, ScottPlot.Color color, string? label)
    {
        double total = Math.Max(1, h.Hist.Sum());
        var sc = plot.Add.ScatterLine(xs, h.Hist.Select(c => c / total).ToArray());
        sc.Color = color;
        sc.LineWidth = 1;
        if (label is not null) sc.LegendText = label;
    }
}
