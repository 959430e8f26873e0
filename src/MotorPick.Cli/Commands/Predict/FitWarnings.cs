using System.Globalization;
using MotorPick.Inference.Pipeline;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;
using MotorPick.Model.Training;

namespace MotorPick.Cli.Commands.Predict;

/// <summary>
/// Predict's check that the model fits the data: the tomograms' image statistics against its training tomograms', and its
/// best-candidate confidences here against its validation data's.
/// </summary>
/// <summary>What predict says about the model's fit: warnings, and a line saying what the image check found when it found nothing.</summary>
internal sealed record FitReport(IReadOnlyList<string> Warnings, string? Note);

internal static class FitWarnings
{
    /// <summary>
    /// The warnings for one model's candidates (none for an ensemble, for a model whose card holds neither profile, or
    /// for a shard: the comparison needs the whole set).
    /// </summary>
    public static FitReport For(IReadOnlyList<string> modelPaths, DatasetPredictResult result, bool sharded)
    {
        if (modelPaths.Count != 1 || sharded || result.Files.Count != 1) return new FitReport([], null);
        if (Card(modelPaths[0]) is not { } card) return new FitReport([], null);
        var warnings = new List<string>();
        string? note = null;
        if (card.TrainingImages is not { } trained)
            note = "image check: the model's card holds no image statistics of its training tomograms (record them with 'motorpick train profile --data')";
        else if (result.Images is { Count: > 0 } images)
        {
            var tests = trained.Compare(images.Values.ToList());
            if (trained.Warning(tests, images.Count) is { } imageWarning) warnings.Add(imageWarning);
            else if (tests.MaxBy(t => t.Gap) is { } largest)
                note = string.Create(CultureInfo.InvariantCulture,
                    $"image check: these {images.Count} tomograms look like the model's {trained.Tomograms} training tomograms (largest Kolmogorov-Smirnov gap {largest.Gap:0.##}, {largest.Feature.Name}, p = {largest.P:G2})");
        }
        if (card.ValidationConfidence is { } validation)
            warnings.AddRange(FitCheck.Compare(validation, ConfidenceProfile.BestPerTomogram(PredictionsFile.Read(result.Files.Values.Single())).ToList()));
        return new FitReport(warnings, note);
    }

    /// <summary>The checkpoint's card (model.json, or the one beside an export), if any.</summary>
    private static CheckpointCard? Card(string modelPath)
    {
        var card = Directory.Exists(modelPath) || modelPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? CheckpointCard.PathOf(modelPath)
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, CheckpointCard.FileName);
        if (!File.Exists(card)) return null;
        try
        {
            return CheckpointCard.Load(card);
        }
        catch (Core.MotorPickException)
        {
            return null; // not a training card (an ONNX card elsewhere): nothing to compare with
        }
    }
}
