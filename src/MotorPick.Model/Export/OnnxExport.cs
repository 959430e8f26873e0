using MotorPick.Core;
using MotorPick.Model.Nn;
using MotorPick.Model.Training;
using MotorPick.Onnx;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Model.Export;

/// <summary>What an export wrote.</summary>
public sealed record OnnxExportResult(string ModelPath, string CardPath, long Bytes, int Nodes, int Initializers);

/// <summary>
/// Writes a trained <see cref="HeatmapUNet3d"/> as an ONNX model (opset <see cref="OnnxModel.Opset"/>, IR version
/// <see cref="OnnxModel.IrVersion"/>, dynamic batch and spatial axes, batch norms folded into the convolutions) with
/// the card ONNX Runtime inference reads (<c>model.onnx.json</c>: stride, target spacing, window; the network
/// normalises its raw 0..255 input itself, so the card's mean is 0 and std 1). Both files are written atomically,
/// the card last, so a card always describes a complete model.
/// </summary>
public static class OnnxExport
{
    /// <summary>The ONNX model of <paramref name="model"/> in memory.</summary>
    public static OnnxModel Build(HeatmapUNet3d model, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var graph = new HeatmapGraphWriter().Write(model);
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["motorpick.preset"] = model.Spec.Preset,
            ["motorpick.output_stride"] = model.Spec.OutputStride.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var version = typeof(OnnxExport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        return new OnnxModel(graph, "MotorPick", version, meta);
    }

    /// <summary>The card path that belongs to <paramref name="onnxPath"/> (<c>model.onnx</c> -> <c>model.onnx.json</c>).</summary>
    public static string CardPathFor(string onnxPath) => onnxPath + ".json";

    /// <summary>Exports the network of a checkpoint card (<c>model.json</c>) to <paramref name="onnxPath"/> and its card.</summary>
    public static OnnxExportResult ExportCheckpoint(string cardOrDirectory, string onnxPath)
    {
        var (model, card) = ModelCheckpoint.Load(cardOrDirectory);
        using (model)
        {
            return Export(model, card, onnxPath);
        }
    }

    /// <summary>Exports <paramref name="model"/> described by its checkpoint <paramref name="card"/> to <paramref name="onnxPath"/> and its card.</summary>
    public static OnnxExportResult Export(HeatmapUNet3d model, CheckpointCard card, string onnxPath)
    {
        if (card.Patch.Length != 3)
            throw new MotorPickException($"the model card has patch [{string.Join(", ", card.Patch)}], expected 3 sizes", field: "patch");
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (card.WeightsSha256 is { } sha) meta["motorpick.weights_sha256"] = sha;
        var onnx = Build(model, meta);
        AtomicFile.Write(onnxPath, onnx.WriteTo);
        var inference = new ModelCard
        {
            Name = model.Spec.Preset,
            Stride = card.OutputStride > 0 ? card.OutputStride : model.Spec.OutputStride,
            TargetSpacing = card.TargetSpacing,
            PatchSize = card.Patch,
            InputName = HeatmapGraphWriter.InputName,
            OutputName = HeatmapGraphWriter.OutputName,
            WeightsSha256 = card.WeightsSha256,
        }.Validate(onnxPath);
        var cardPath = CardPathFor(onnxPath);
        inference.Save(cardPath);
        return new OnnxExportResult(Path.GetFullPath(onnxPath), Path.GetFullPath(cardPath), new FileInfo(onnxPath).Length, onnx.Graph.Nodes.Count, onnx.Graph.Initializers.Count);
    }
}
