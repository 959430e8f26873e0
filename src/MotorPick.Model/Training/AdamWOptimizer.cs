using MotorPick.Core;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MotorPick.Model.Training;

/// <summary>
/// AdamW with PyTorch's update rule (decoupled weight decay, bias-corrected moments, per-parameter step counts),
/// written against scalars held for the whole step. TorchSharp 0.107's <c>optim.AdamW</c> passes about six implicit
/// <see cref="Scalar"/> temporaries per parameter and step to libtorch without keeping them alive, and the GC can
/// finalise one mid-call (dotnet/TorchSharp#1496): long trainings died with "Expected false to be true". Its state
/// is saved as safetensors keyed by parameter name, so a checkpoint names what it holds.
/// </summary>
public sealed class AdamWOptimizer : IDisposable
{
    private const string StepKey = "__step__", AvgPrefix = "exp_avg.", SqPrefix = "exp_avg_sq.";

    private readonly (string Name, Parameter Param, Tensor ExpAvg, Tensor ExpAvgSq)[] slots;
    private readonly long[] steps;

    public AdamWOptimizer(IEnumerable<(string Name, Parameter Param)> parameters, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
    {
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "expected 0 <= beta1 < 1");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "expected 0 <= beta2 < 1");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "expected eps >= 0");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "expected weight decay >= 0");
        (Beta1, Beta2, Eps, WeightDecay) = (beta1, beta2, eps, weightDecay);
        using var _ = no_grad();
        slots = parameters.Where(p => p.Param.requires_grad)
            .Select(p => (p.Name, p.Param, zeros_like(p.Param).DetachFromDisposeScope(), zeros_like(p.Param).DetachFromDisposeScope()))
            .ToArray();
        steps = new long[slots.Length];
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    public double WeightDecay { get; }

    /// <summary>Number of trainable parameter tensors.</summary>
    public int Count => slots.Length;

    /// <summary>Zeroes every gradient in place (keeps the buffers: backward then accumulates without allocating).</summary>
    public void ZeroGrad()
    {
        using var scope = NewDisposeScope();
        foreach (var s in slots) s.Param.grad?.zero_();
    }

    /// <summary>One update of every parameter that has a gradient, with learning rate <paramref name="lr"/>.</summary>
    public void Step(double lr)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var b1 = Beta1.ToScalar();
        using var oneMinusB1 = (1 - Beta1).ToScalar();
        using var b2 = Beta2.ToScalar();
        using var oneMinusB2 = (1 - Beta2).ToScalar();
        using var eps = Eps.ToScalar();
        using var decay = (1 - lr * WeightDecay).ToScalar();
        for (int i = 0; i < slots.Length; i++)
        {
            var (_, p, m, v) = slots[i];
            var grad = p.grad;
            if (grad is null) continue;
            long t = ++steps[i];
            double bc1 = 1 - Math.Pow(Beta1, t), bc2 = 1 - Math.Pow(Beta2, t);
            // per-step values live until the end of this iteration, past every libtorch call that reads them
            using var sqrtBc2 = Math.Sqrt(bc2).ToScalar();
            using var negStepSize = (-lr / bc1).ToScalar();
            if (WeightDecay != 0) p.mul_(decay);
            m.mul_(b1).add_(grad, oneMinusB1);
            v.mul_(b2).addcmul_(grad, grad, oneMinusB2);
            var denom = v.sqrt().div_(sqrtBc2).add_(eps, Nn.TorchScalars.One); // add_(Scalar) would pass a temporary alpha
            p.addcdiv_(m, denom, negStepSize);
        }
    }

    /// <summary>Writes the moments and step counts (safetensors: exp_avg.NAME, exp_avg_sq.NAME, __step__).</summary>
    public void Save(string path)
    {
        var dict = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var stepTensor = tensor(steps);
        dict[StepKey] = stepTensor;
        foreach (var s in slots)
        {
            dict[AvgPrefix + s.Name] = s.ExpAvg;
            dict[SqPrefix + s.Name] = s.ExpAvgSq;
        }
        AtomicFile.Write(path, stream => Safetensors.SaveStateDict(stream, dict));
    }

    /// <summary>Restores a state written by <see cref="Save"/> for the same parameters (names and shapes must match).</summary>
    public void Load(string path)
    {
        Dictionary<string, Tensor> dict;
        try
        {
            dict = Safetensors.LoadStateDict(path);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new MotorPickException($"cannot read the optimiser state: {ex.Message}", path, inner: ex);
        }
        try
        {
            if (!dict.TryGetValue(StepKey, out var st) || st.dtype != ScalarType.Int64 || st.numel() != slots.Length)
                throw new MotorPickException($"the optimiser state has no '{StepKey}' int64 tensor of {slots.Length} step counts", path, field: StepKey);
            var counts = st.data<long>().ToArray();
            using var _ = no_grad();
            foreach (var (name, p, m, v) in slots)
            {
                m.copy_(Get(dict, AvgPrefix + name, p, path));
                v.copy_(Get(dict, SqPrefix + name, p, path));
            }
            int expected = 2 * slots.Length + 1;
            if (dict.Count != expected)
                throw new MotorPickException($"the optimiser state holds {dict.Count} tensors, expected {expected}: it was written for another model", path);
            counts.CopyTo(steps, 0);
        }
        finally
        {
            foreach (var t in dict.Values) t.Dispose();
        }
    }

    private static Tensor Get(Dictionary<string, Tensor> dict, string key, Parameter like, string path)
    {
        if (!dict.TryGetValue(key, out var t))
            throw new MotorPickException("the optimiser state has no entry for this parameter: it was written for another model", path, field: key);
        if (!t.shape.SequenceEqual(like.shape) || t.dtype != like.dtype)
            throw new MotorPickException($"shape [{string.Join(", ", t.shape)}] {t.dtype} where the parameter is [{string.Join(", ", like.shape)}] {like.dtype}", path, field: key);
        return t;
    }

    public void Dispose()
    {
        foreach (var s in slots)
        {
            s.ExpAvg.Dispose();
            s.ExpAvgSq.Dispose();
        }
    }
}
