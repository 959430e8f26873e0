using MotorPick.Core;
using MotorPick.Inference.Models;
using MotorPick.Inference.Onnx;
using MotorPick.Inference.Torch;

namespace MotorPick.Cli.Commands.Predict;

/// <summary>Opens a model with the backend its path names: <c>.onnx</c> (ONNX Runtime), or a MotorPick checkpoint
/// card <c>.json</c> / checkpoint folder (TorchSharp).</summary>
internal static class HeatmapModelLoader
{
    public static IHeatmapModel Load(string path, string? cardPath, string device, int threads)
    {
        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var card = cardPath is null ? null : ModelCard.Load(cardPath);
            return OnnxHeatmapModel.Load(path, card, new OnnxOptions { Device = device, Threads = Math.Max(0, threads) });
        }
        if (Directory.Exists(path) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return TorchHeatmapModel.Load(path, device, Math.Max(0, threads));
        throw new MotorPickException("unknown model format: expected an .onnx file, a checkpoint card (.json) or a checkpoint folder", path, field: "--model");
    }
}
