using System.Globalization;
using MotorPick.Rounds.Reports;
using MotorPick.Tests;
using SkiaSharp;

namespace MotorPick.Rounds.Tests;

/// <summary>progress.png shows a run's loss, validation F2 and learning rate from its train_log.csv.</summary>
public class TrainingCurvesTests
{
    private const string Header = "kind,step,lr,loss,steps_per_s,elapsed_s,f2,threshold,best_f2,best_threshold,partial_ap,ap,mean_distance";

    internal static void WriteLog(string runDir, int steps, int valEvery)
    {
        var lines = new List<string> { Header };
        for (int s = 1; s <= steps; s++)
        {
            double lr = 1e-3 * Math.Min(1, s / 20.0) * (0.5 + 0.5 * Math.Cos(Math.PI * s / steps));
            double loss = 0.7 * Math.Exp(-s / 60.0) + 0.05 + 0.02 * Math.Sin(s);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"train,{s},{lr:R},{loss:R},20.5,{s * 0.05:R},,,,,,,"));
            if (s % valEvery == 0)
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"val,{s},,,,{s * 0.05:R},{Math.Min(0.9, s / 200.0):R},0.5,{Math.Min(0.95, s / 180.0):R},0.3,0.4,0.5,3.2"));
        }
        lines.Add("train,20"); // a row cut short by a kill
        File.WriteAllText(Path.Combine(runDir, "train_log.csv"), string.Join('\n', lines) + "\n");
    }

    [Fact]
    public void ProgressPngShowsTheLogAsAnImageOfTheAskedSize()
    {
        using var dir = Fixtures.TempDir();
        WriteLog(dir.Path, 300, 50);
        var path = TrainingCurves.Write(dir.Path, 900, 640);
        Assert.Equal(Path.Combine(dir.Path, "progress.png"), path);
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(900, bitmap.Width);
        Assert.Equal(640, bitmap.Height);
        // something is drawn in both panels (not a blank canvas)
        Assert.True(Enumerable.Range(0, 640).Count(y => bitmap.GetPixel(450, y) != SKColors.White) > 10);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp*"));
        if (Environment.GetEnvironmentVariable("MOTORPICK_KEEP_PLOT") is { Length: > 0 } keep) File.Copy(path!, keep, overwrite: true);
    }

    [Fact]
    public void NoLogOrNoStepYetWritesNothing()
    {
        using var dir = Fixtures.TempDir();
        Assert.Null(TrainingCurves.Write(dir.Path));
        File.WriteAllText(Path.Combine(dir.Path, "train_log.csv"), Header + "\n");
        Assert.Null(TrainingCurves.Write(dir.Path));
        Assert.False(File.Exists(Path.Combine(dir.Path, "progress.png")));
    }
}
