using System.Text.Json;

namespace MotorPick.Model.Training;

/// <summary>
/// Where a run stands, saved with each resume checkpoint (<c>checkpoint/state.json</c>); a time-budgeted run keeps its
/// plan (<paramref name="PlannedSteps"/>, measured at <paramref name="StepsPerSecond"/>) across a resume.
/// </summary>
public sealed record RunState(long Step, long ItemsConsumed, double? BestScore, long? BestStep, ValidationMetrics? LastValidation, double ElapsedSeconds,
    double? LossScale = null, int LossScaleGoodSteps = 0, long? PlannedSteps = null, double? StepsPerSecond = null,
    Labels.Metrics.ConfidenceProfile? LastValidationConfidence = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, CheckpointCard.Json);

    public static RunState Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunState>(File.ReadAllText(path), CheckpointCard.Json) ?? throw new Core.MotorPickException("empty run state", path);
        }
        catch (JsonException ex)
        {
            throw new Core.MotorPickException($"not a run state: {ex.Message}", path, inner: ex);
        }
    }
}
