using System.Globalization;

namespace MotorPick.Model.Training;

/// <summary>
/// <c>train_log.csv</c> in the run directory: one row per logged step (kind "train") and per validation (kind "val").
/// Appends on resume; each row is flushed so a crash loses nothing already logged.
/// </summary>
public sealed class TrainLog : IDisposable
{
    public const string Header = "kind,step,lr,loss,steps_per_s,elapsed_s,f2,threshold,best_f2,best_threshold,partial_ap,ap,mean_distance";
    private readonly StreamWriter writer;

    public TrainLog(string path, bool append)
    {
        bool writeHeader = !append || !File.Exists(path) || new FileInfo(path).Length == 0;
        writer = new StreamWriter(path, append) { NewLine = "\n" };
        if (writeHeader) { writer.WriteLine(Header); writer.Flush(); }
        Path = path;
    }

    public string Path { get; }

    /// <summary>
    /// Before a resume from the checkpoint at <paramref name="step"/>: drops the rows of later steps (the resumed run logs
    /// them again) and a last line cut short by a kill, so the log of a killed and resumed run has each step once.
    /// </summary>
    public static void KeepUpTo(string path, long step)
    {
        if (!File.Exists(path)) return;
        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        // the part after the last newline is empty, or a row cut short by the kill
        var kept = lines.Take(lines.Length - 1).Where((line, i) => i == 0 || RowStep(line) is long s && s <= step).ToList();
        var rewritten = kept.Count == 0 ? "" : string.Join('\n', kept) + "\n";
        if (rewritten != text) Core.AtomicFile.WriteAllText(path, rewritten);
    }

    private static long? RowStep(string line)
    {
        var fields = line.Split(',');
        return fields.Length == Header.Split(',').Length && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
    }

    public void Train(long step, double lr, double loss, double stepsPerSecond, double elapsed) =>
        Row($"train,{step},{F(lr)},{F(loss)},{F(stepsPerSecond)},{F(elapsed)},,,,,,,");

    public void Validation(ValidationMetrics m, double elapsed) =>
        Row($"val,{m.Step},,,,{F(elapsed)},{F(m.F2)},{F(m.Threshold)},{F(m.BestF2)},{F(m.BestThreshold)},{F(m.PartialAp)},{F(m.Ap)},{F(m.MeanDistanceVoxels)}");

    private void Row(string line)
    {
        writer.WriteLine(line);
        writer.Flush();
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose() => writer.Dispose();
}
