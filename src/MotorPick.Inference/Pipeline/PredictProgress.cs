namespace MotorPick.Inference.Pipeline;

/// <summary>Stage of one tomogram's prediction.</summary>
public enum PredictStage
{
    Respacing,
    Windows,
    Decoding,
    Done,
}

/// <summary>Progress of one tomogram: <paramref name="Done"/> of <paramref name="Total"/> planes (re-spacing) or windows.</summary>
public readonly record struct PredictProgress(string TomoId, PredictStage Stage, int Done, int Total, double WindowsPerSecond);

/// <summary>Where the time of one tomogram went (the benchmark splits pipeline overhead from model compute with it).</summary>
public sealed record PredictTimings(TimeSpan Respace, TimeSpan Prepare, TimeSpan Model, TimeSpan Aggregate, TimeSpan Decode, TimeSpan Total, int Windows, int Forwards)
{
    /// <summary>Everything but the model, measured on the thread that waits for the model (prepare overlaps it, so it is not added).</summary>
    public TimeSpan Overhead => Total - Model;
}
