using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Inference.Models;
using MotorPick.Model;
using MotorPick.Model.Nn;
using MotorPick.Model.Training;
using MotorPick.Volumes.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Inference.Torch;

/// <summary>
/// A MotorPick checkpoint (the training issue's <c>model.json</c> card + safetensors weights) as an
/// <see cref="IHeatmapModel"/>. The network normalises its raw 0..255 input itself. Every forward pass runs under
/// inference mode inside a dispose scope, so no tensor outlives it.
/// </summary>
public sealed class TorchHeatmapModel : IHeatmapModel
{
    private readonly HeatmapUNet3d _model;
    private readonly Device _device;

    private TorchHeatmapModel(HeatmapUNet3d model, ModelCard card, Device device)
    {
        _model = model;
        _device = device;
        Card = card;
    }

    public ModelCard Card { get; }

    /// <summary>Loads <c>model.json</c> (or its folder) on <paramref name="device"/> with <paramref name="threads"/> intra-op threads (0: all cores).</summary>
    public static TorchHeatmapModel Load(string cardOrDirectory, string device = "cpu", int threads = 0)
    {
        TorchRuntime.SetThreads(threads > 0 ? threads : null);
        var dev = TorchRuntime.Device(device);
        var (model, card) = ModelCheckpoint.Load(cardOrDirectory, dev);
        model.VerifyKernels(dev.type); // fast kernels checked against the plain ones on this machine before the first window
        if (card.Patch.Length != 3)
            throw new MotorPickException($"the model card has patch [{string.Join(", ", card.Patch)}], expected 3 sizes", cardOrDirectory, field: "patch");
        var ours = new ModelCard
        {
            Name = card.Model.Preset,
            Stride = card.OutputStride > 0 ? card.OutputStride : card.Model.OutputStride,
            TargetSpacing = card.TargetSpacing,
            PatchSize = card.Patch,
        }.Validate(cardOrDirectory);
        return new TorchHeatmapModel(model, ours, dev);
    }

    /// <summary>Wraps a network already in memory (e.g. the trainer's EMA model) with <paramref name="card"/>.</summary>
    public static TorchHeatmapModel Wrap(HeatmapUNet3d model, ModelCard card, string device = "cpu")
    {
        model.eval();
        return new TorchHeatmapModel(model, card, TorchRuntime.Device(device));
    }

    public HeatmapBatch Forward(float[] input, int batch, VolumeShape patch)
    {
        var n = checked((int)(batch * patch.VoxelCount));
        if (input.Length < n) throw new ArgumentException($"{batch} patches of {patch} need {n} values, got {input.Length}", nameof(input));
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var x = tensor(input.AsSpan(0, n).ToArray(), [batch, 1, patch.Z, patch.Y, patch.X]);
        if (_device.type != DeviceType.CPU) x = x.to(_device);
        var y = _model.call(x).to(float32).cpu().contiguous();
        var s = y.shape;
        if (s.Length != 5 || s[0] != batch || s[1] != 1)
            throw new MotorPickException($"the network returned shape [{string.Join(", ", s)}], expected [{batch}, 1, d, h, w]");
        return new HeatmapBatch(y.data<float>().ToArray(), batch, new VolumeShape((int)s[2], (int)s[3], (int)s[4]), Card.Stride);
    }

    public void Dispose() => _model.Dispose();
}
