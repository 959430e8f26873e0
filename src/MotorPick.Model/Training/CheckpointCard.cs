using System.Text.Json;
using System.Text.Json.Serialization;
using MotorPick.Model.Nn;

namespace MotorPick.Model.Training;

/// <summary>Name and SHA-256 of an input file (labels, split) so a model can be traced to its data.</summary>
public sealed record FileStamp(string Name, string Sha256)
{
    public static FileStamp Of(string path)
    {
        using var stream = File.OpenRead(path);
        return new FileStamp(Path.GetFileName(path), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream)));
    }
}

/// <summary>Validation metrics of the EMA model (top-1 per tomogram).</summary>
public sealed record ValidationMetrics(
    long Step, int Tomograms, double F2, double Threshold, double BestF2, double BestThreshold,
    double PartialAp, double Ap, double MeanDistanceVoxels);

/// <summary>
/// The JSON next to every exported weight file (<c>model.json</c> beside <c>model.safetensors</c>): everything needed to
/// rebuild the network and feed it (spec, normalisation, stride, patch, spacing) plus provenance (labels, split, seed,
/// steps, metrics, MotorPick version). Loading a model needs these two files only. It is not the
/// <see cref="Volumes.Geometry.ModelCard"/> that every engine reads (stride, spacing, window, normalisation): that one
/// travels beside any model file, this one only beside training checkpoints, and both JSON layouts are on disk already.
/// </summary>
public sealed record CheckpointCard
{
    public const string CurrentFormat = "motorpick-model/1";

    public string Format { get; init; } = CurrentFormat;
    public string MotorpickVersion { get; init; } = typeof(CheckpointCard).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    /// <summary>Weight file name, relative to the card (a safetensors state dict with PyTorch-style names).</summary>
    public string Weights { get; init; } = "model.safetensors";
    public string? WeightsSha256 { get; init; }
    /// <summary>"ema" when the weights are the exponential moving average (the default export), else "raw".</summary>
    public string WeightsKind { get; init; } = "ema";
    public required ModelSpec Model { get; init; }
    public long Parameters { get; init; }
    /// <summary>Input: N × 1 × D × H × W float32 holding uint8 grey values 0..255; the model normalises itself.</summary>
    public string InputLayout { get; init; } = "N,1,D,H,W float32 of uint8 values (0..255), normalised inside the model";
    public int OutputStride { get; init; }
    public int[] Patch { get; init; } = [];
    public double TargetSpacing { get; init; }
    public double SigmaAngstrom { get; init; }
    public double SigmaVoxels { get; init; }
    public FileStamp? Labels { get; init; }
    public FileStamp? Split { get; init; }
    public int? Fold { get; init; }
    public bool TrainOnAll { get; init; }
    public int Seed { get; init; }
    public long Steps { get; init; }
    /// <summary>The wall-clock budget the steps were planned for (seconds), when the run had one.</summary>
    public double? TimeBudgetSeconds { get; init; }
    /// <summary>Measured optimiser steps per second on <see cref="Machine"/>.</summary>
    public double? StepsPerSecond { get; init; }
    /// <summary>Training wall time of the loop (seconds, resumed parts included).</summary>
    public double? TrainSeconds { get; init; }
    /// <summary>The CPU (model, cores, instruction sets) and device the model was trained on.</summary>
    public string? Machine { get; init; }
    public ValidationMetrics? Metrics { get; init; }
    /// <summary>The best-candidate confidences the model gave on its validation tomograms (predict warns when new data look far off).</summary>
    public Labels.Metrics.ConfidenceProfile? ValidationConfidence { get; init; }
    /// <summary>What the training tomograms looked like (predict warns when new tomograms look unlike them).</summary>
    public Volumes.Statistics.ImageProfile? TrainingImages { get; init; }
    public DateTime CreatedUtc { get; init; } = DateTime.UtcNow;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The card's file name in a run folder.</summary>
    public const string FileName = "model.json";

    /// <summary>The card a user named: <paramref name="cardOrDirectory"/> itself, or <c>model.json</c> in it when it is a folder.</summary>
    public static string PathOf(string cardOrDirectory) =>
        Directory.Exists(cardOrDirectory) ? Path.Combine(cardOrDirectory, FileName) : cardOrDirectory;

    public static CheckpointCard Load(string path)
    {
        CheckpointCard? card;
        try
        {
            card = JsonSerializer.Deserialize<CheckpointCard>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            throw new Core.MotorPickException($"not a MotorPick model card: {ex.Message}", path, line: ex.LineNumber + 1, field: ex.Path, inner: ex);
        }
        if (card is null) throw new Core.MotorPickException("the model card is empty", path);
        if (card.Format != CurrentFormat)
            throw new Core.MotorPickException($"unsupported model card format '{card.Format}': expected {CurrentFormat}", path, field: "format");
        card.Model.Validate();
        return card;
    }
}
