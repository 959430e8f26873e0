using System.Text.Json;
using System.Text.Json.Serialization;
using MotorPick.Core;
using MotorPick.Formats.Geometry;

namespace MotorPick.Volumes.Geometry;

/// <summary>
/// The small JSON card that travels with a model file (<c>&lt;model&gt;.json</c> or <c>&lt;model&gt;.card.json</c>):
/// output stride, target spacing in A, window size, and the input normalisation <c>(x - mean) / std</c>
/// applied by the backend (mean 0, std 1 = raw 0..255, the default: normalisation inside the network). It lives with
/// the window and TTA geometry, below both the trainer (which writes it on export) and the engines (which read it);
/// the training checkpoint's provenance card is Model's <c>CheckpointCard</c>.
/// </summary>
public sealed record ModelCard
{
    public string Name { get; init; } = "model";

    /// <summary>Input voxels per output heatmap cell.</summary>
    public int Stride { get; init; } = 16;

    /// <summary>Voxel spacing the network was trained at, A.</summary>
    public double TargetSpacing { get; init; } = 16.0;

    /// <summary>Sliding-window size (z, y, x) in re-spaced voxels.</summary>
    public int[] PatchSize { get; init; } = [224, 448, 448];

    public double InputMean { get; init; }
    public double InputStd { get; init; } = 1.0;

    /// <summary>ONNX input name (null: the model's first input).</summary>
    public string? InputName { get; init; }

    /// <summary>ONNX output name (null: the model's first output).</summary>
    public string? OutputName { get; init; }

    /// <summary>
    /// SHA-256 of the checkpoint weights an exported model was made from (<c>motorpick export</c>, <c>train</c>), so that a
    /// model.onnx left beside a newer checkpoint is not taken for it; absent in cards written by hand.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WeightsSha256 { get; init; }

    [JsonIgnore]
    public VolumeShape Patch => PatchSize.Length == 3 ? new VolumeShape(PatchSize[0], PatchSize[1], PatchSize[2])
        : throw new MotorPickException($"patch_size must have 3 values (z, y, x), got {PatchSize.Length}", field: "patch_size");

    [JsonIgnore]
    public bool IsRawInput => InputMean == 0 && InputStd == 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Checks the values; throws <see cref="MotorPickException"/> naming <paramref name="source"/>.</summary>
    public ModelCard Validate(string? source = null)
    {
        if (Stride < 1) throw new MotorPickException($"stride must be at least 1, got {Stride}", source, field: "stride");
        if (!(TargetSpacing > 0)) throw new MotorPickException($"target_spacing must be positive, got {TargetSpacing}", source, field: "target_spacing");
        if (PatchSize.Length != 3 || PatchSize.Any(p => p < 1))
            throw new MotorPickException($"patch_size must be 3 positive sizes, got [{string.Join(", ", PatchSize)}]", source, field: "patch_size");
        if (!(InputStd > 0)) throw new MotorPickException($"input_std must be positive, got {InputStd}", source, field: "input_std");
        return this;
    }

    public static ModelCard Parse(string json, string? source = null)
    {
        try
        {
            return (JsonSerializer.Deserialize<ModelCard>(json, Json) ?? throw new MotorPickException("empty model card", source)).Validate(source);
        }
        catch (JsonException e)
        {
            throw new MotorPickException($"invalid model card JSON: {e.Message}", source, e.LineNumber + 1, e.Path);
        }
    }

    public static ModelCard Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path) : throw new MotorPickException("model card not found", path);

    /// <summary>The card next to <paramref name="modelPath"/> (<c>x.onnx.json</c>, <c>x.json</c> or <c>x.card.json</c>), or null.</summary>
    public static string? FindBeside(string modelPath)
    {
        var stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, Path.GetFileNameWithoutExtension(modelPath));
        return new[] { modelPath + ".json", stem + ".json", stem + ".card.json" }.FirstOrDefault(File.Exists);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");
}
