using MotorPick.Core;
using MotorPick.Inference.Models;
using MotorPick.Inference.Onnx;

namespace MotorPick.Cli.Commands.Predict;

/// <summary>Opens a model file with the backend its extension names (.onnx: ONNX Runtime).</summary>
internal static class HeatmapModelLoader
{
    public static IHeatmapModel Load(string path, string? cardPath, string device, int threads)
    {
        var card = cardPath is null ? null : ModelCard.Load(cardPath);
        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            return OnnxHeatmapModel.Load(path, card, new OnnxOptions { Device = device, Threads = Math.Max(0, threads) });
        throw new MotorPickException("unknown model format: expected an .onnx file", path, field: "--model");
    }
}
