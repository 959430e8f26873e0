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
