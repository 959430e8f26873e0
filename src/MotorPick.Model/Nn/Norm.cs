using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using TorchSharp.Modules;

namespace MotorPick.Model.Nn;

/// <summary>Normalisation layers, created with their affine parameters initialised.</summary>
public static class Norm
{
    /// <summary>
    /// A GroupNorm with weight 1 and bias 0. TorchSharp 0.107.0 leaves GroupNorm's affine weights
    /// uninitialised (NaN on Debian 12), so every GroupNorm in MotorPick is made here.
    /// </summary>
    public static TorchSharp.Modules.GroupNorm GroupNorm(long groups, long channels, double eps = 1e-5)
    {
        var norm = nn.GroupNorm(groups, channels, eps);
        using (no_grad())
        {
            nn.init.ones_(norm.weight!);
            nn.init.zeros_(norm.bias!);
        }
        return norm;
    }

    /// <summary>A BatchNorm3d with PyTorch's parameter and buffer names (see <see cref="HeldBatchNorm3d"/>).</summary>
    public static HeldBatchNorm3d BatchNorm3d(long channels, double momentum = 0.1) => new(channels, momentum);
}

/// <summary>
/// BatchNorm3d as PyTorch's (weight, bias, running_mean, running_var, num_batches_tracked; momentum 0.1, eps 1e-5),
/// counting batches with a held scalar. TorchSharp 0.107's BatchNorm3d calls <c>num_batches_tracked.add_(1)</c>, whose
/// temporary Scalar the GC can finalise while libtorch reads it (dotnet/TorchSharp#1496): it crashed long trainings.
/// </summary>
public sealed class HeldBatchNorm3d : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch's state-dict names
    private readonly Parameter weight, bias;
    private readonly Tensor running_mean, running_var, num_batches_tracked;
#pragma warning restore IDE1006

    public HeldBatchNorm3d(long channels, double momentum = 0.1, double eps = 1e-5) : base("BatchNorm3d")
    {
        (Channels, Momentum, Eps) = (channels, momentum, eps);
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        running_mean = zeros(channels);
        running_var = ones(channels);
        num_batches_tracked = tensor(0L);
        RegisterComponents();
    }

    public long Channels { get; }
    public double Momentum { get; }
    public double Eps { get; }

    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 5) throw new ArgumentException($"BatchNorm3d expects a 5-D (N, C, D, H, W) input, got {input.dim()}-D");
        if (training)
        {
            using var _ = no_grad();
            num_batches_tracked.add_(TorchScalars.One, TorchScalars.One); // both held: add_(Scalar) passes a temporary alpha
        }
        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, Momentum, Eps);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            weight.Dispose();
            bias.Dispose();
            running_mean.Dispose();
            running_var.Dispose();
            num_batches_tracked.Dispose();
        }
        base.Dispose(disposing);
    }
}
