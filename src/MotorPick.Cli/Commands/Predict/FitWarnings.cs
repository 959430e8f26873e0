using MotorPick.Inference.Pipeline;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;
using MotorPick.Model.Training;

namespace MotorPick.Cli.Commands.Predict;

/// <summary>Predict's check that the model fits the data: its best-candidate confidences here against its validation data's.</summary>
internal static class FitWarnings
{
    /// <summary>
    /// The warnings for one model's candidates (none for an ensemble, for a model without validation data in its card, or
    /// for a shard: the comparison needs the whole set).
    /// </summary>
    public static IReadOnlyList<string> For(IReadOnlyList<string> modelPaths, DatasetPredictResult result, bool sharded)
    {
        if (modelPaths.Count != 1 || sharded || result.Files.Count != 1) return [];
        if (ValidationProfile(modelPaths[0]) is not { } validation) return [];
        var best = ConfidenceProfile.BestPerTomogram(PredictionsFile.Read(result.Files.Values.Single()));
        return FitCheck.Compare(validation, best.ToList());
    }

    /// <summary>The validation profile in a checkpoint's card (model.json, or the one beside an export), if any.</summary>
    private static ConfidenceProfile? ValidationProfile(string modelPath)
    {
        var card = Directory.Exists(modelPath) || modelPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? CheckpointCard.PathOf(modelPath)
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, CheckpointCard.FileName);
        if (!File.Exists(card)) return null;
        try
        {
            return CheckpointCard.Load(card).ValidationConfidence;
        }
        catch (Core.MotorPickException)
        {
            return null; // not a training card (an ONNX card elsewhere): nothing to compare with
        }
    }
}
