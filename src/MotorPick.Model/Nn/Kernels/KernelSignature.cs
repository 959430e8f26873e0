using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Nn.Kernels;

/// <summary>
/// What decides which kernel libtorch runs for an operation: its shape parameters, the compute type and the device
/// (not the spatial size of the input). A fast path is verified once per signature (see <see cref="KernelProbe"/>).
/// </summary>
public abstract record KernelSignature(DeviceType Device)
{
    /// <summary>A short human-readable form for warnings and <c>motorpick doctor</c>.</summary>
    public abstract string Describe();
}

/// <summary>A 3D convolution as <see cref="ChannelsLastConv3d"/> runs it; <paramref name="ComputeType"/> is Float32 or the mixed-precision type.</summary>
public sealed record ConvSignature(
    long InChannels, long OutChannels, (long, long, long) Kernel, (long, long, long) Stride, (long, long, long) Padding,
    long Groups, bool Bias, ScalarType ComputeType, DeviceType Device) : KernelSignature(Device)
{
    public bool IsDepthwise => Groups > 1 && Groups == InChannels && InChannels == OutChannels;

    public override string Describe()
    {
        var kind = IsDepthwise ? "depthwise " : Groups > 1 ? $"grouped({Groups}) " : "";
        return $"{kind}conv3d {InChannels}->{OutChannels} k{Triple(Kernel)} s{Triple(Stride)} p{Triple(Padding)}{(Bias ? " +bias" : "")} " +
               $"{KernelNames.Type(ComputeType)} {KernelNames.Device(Device)}";
    }

    private static string Triple((long A, long B, long C) t) => t.A == t.B && t.B == t.C ? $"{t.A}" : $"{t.A}x{t.B}x{t.C}";
}

/// <summary>A cubic 3D max pooling (kernel, stride, padding) over <paramref name="Channels"/> channels.</summary>
public sealed record PoolSignature(long Channels, long Kernel, long Stride, long Padding, DeviceType Device) : KernelSignature(Device)
{
    public override string Describe() => $"max_pool3d {Channels}ch k{Kernel} s{Stride} p{Padding} float32 {KernelNames.Device(Device)}";
}

internal static class KernelNames
{
    public static string Type(ScalarType t) => t switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        _ => t.ToString().ToLowerInvariant(),
    };

    public static string Device(DeviceType d) => d.ToString().ToLowerInvariant();
}
