using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Nn.Kernels;

/// <summary>A module whose operations run on the path a <see cref="KernelProbe"/> verified.</summary>
public interface IKernelProbed
{
    /// <summary>The probe that decides the path (default <see cref="KernelProbe.Shared"/>).</summary>
    KernelProbe Probe { get; set; }

    /// <summary>The signatures this module runs on <paramref name="device"/> (for probing a model before it runs).</summary>
    IEnumerable<KernelSignature> Signatures(DeviceType device);
}
