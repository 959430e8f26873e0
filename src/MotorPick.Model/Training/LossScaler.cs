using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MotorPick.Model.Training;

/// <summary>
/// Dynamic loss scaling for fp16 training, with torch.cuda.amp.GradScaler's rules and defaults: the loss is multiplied
/// by <see cref="Scale"/> before backward so that small fp16 gradients do not flush to zero; before the optimiser step the
/// gradients are divided by it, and a step whose gradients hold an inf or NaN is skipped and halves the scale; after
/// <see cref="GrowthInterval"/> good steps in a row the scale doubles. bf16 has fp32's range and needs none of it.
/// </summary>
public sealed class LossScaler(double initialScale = 65536, double growthFactor = 2, double backoffFactor = 0.5, int growthInterval = 2000)
{
    public double Scale { get; private set; } = initialScale;

    /// <summary>Good steps since the scale last changed.</summary>
    public int GoodSteps { get; private set; }

    public int GrowthInterval { get; } = growthInterval;

    /// <summary>Steps skipped so far because a gradient overflowed.</summary>
    public long SkippedSteps { get; private set; }

    /// <summary>Continues a run: the scale and counter saved in its checkpoint.</summary>
    public void Restore(double scale, int goodSteps)
    {
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "expected a positive, finite loss scale");
        (Scale, GoodSteps) = (scale, goodSteps);
    }

    /// <summary>
    /// Divides the gradients by the scale if they are all finite and returns true (take the optimiser step); otherwise
    /// leaves them, backs the scale off and returns false (skip the step). Then updates the scale as GradScaler does.
    /// </summary>
    public bool UnscaleOrSkip(IEnumerable<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToArray();
        // one reduction and one read for all gradients, not a host round trip per parameter
        bool finite = grads.Length == 0 || stack(grads.Select(g => g.isfinite().all()).ToArray()).all().item<bool>();
        if (finite)
        {
            using var inverse = (1.0 / Scale).ToScalar();
            using (no_grad())
                foreach (var g in grads) g.mul_(inverse);
            if (++GoodSteps >= GrowthInterval)
            {
                Scale *= growthFactor;
                GoodSteps = 0;
            }
            return true;
        }
        Scale *= backoffFactor;
        GoodSteps = 0;
        SkippedSteps++;
        return false;
    }
}
