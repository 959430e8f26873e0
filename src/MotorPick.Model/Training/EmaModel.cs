using MotorPick.Model.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Training;

/// <summary>
/// Exponential moving average of the weights and floating-point buffers (BatchNorm statistics) of a model, as timm's
/// ModelEmaV2: <c>ema = decay · ema + (1 - decay) · model</c> after every optimiser step. The EMA model is the one
/// validated and exported.
/// </summary>
public sealed class EmaModel : IDisposable
{
    private readonly (Tensor Ema, Tensor Live)[] pairs;

    public EmaModel(HeatmapUNet3d live, double decay, Device device)
    {
        Decay = decay;
        Model = new HeatmapUNet3d(live.Spec);
        Model.to(device);
        Model.eval();
        var emaState = Model.state_dict();
        var liveState = live.state_dict();
        pairs = emaState.Keys.Select(k => (emaState[k], liveState[k])).ToArray();
        Reset();
        foreach (var p in Model.parameters()) p.requires_grad = false;
    }

    public double Decay { get; }
    public HeatmapUNet3d Model { get; }

    /// <summary>Sets the average to the live model's current weights (e.g. after importing weights into it).</summary>
    public void Reset()
    {
        using var _ = no_grad();
        foreach (var (e, l) in pairs) e.copy_(l);
    }

    public void Update()
    {
        using var _ = no_grad();
        // Explicit scalars kept alive for the whole loop: an implicit double -> Scalar conversion can be finalised
        // while libtorch still reads it (seen as a rare "toFloat" check failure mid-training).
        using var decay = Decay.ToScalar();
        using var alpha = (1 - Decay).ToScalar();
        foreach (var (e, l) in pairs)
        {
            if (e.is_floating_point()) e.mul_(decay).add_(l, alpha);
            else e.copy_(l);
        }
        GC.KeepAlive(decay);
        GC.KeepAlive(alpha);
    }

    public void Dispose() => Model.Dispose();
}
