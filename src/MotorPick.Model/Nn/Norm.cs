using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

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

    /// <summary>A BatchNorm3d (TorchSharp initialises it correctly).</summary>
    public static TorchSharp.Modules.BatchNorm3d BatchNorm3d(long channels, double momentum = 0.1) =>
        nn.BatchNorm3d(channels, momentum: momentum);
}
