using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Nn.Kernels;

/// <summary>
/// The operations with a faster and a plain path. On the CPU, libtorch 2.10's contiguous 3D convolutions with few
/// channels are slow (a 1³ conv of 8 channels at 32x64x64: 41 ms forward + backward against 5 ms channels-last) and so
/// is its contiguous max pooling (12 ms against 2.5 ms on the tiny stem's output), while BatchNorm and average pooling
/// are slower channels-last; so inputs and outputs stay contiguous NCDHW and only these operations run channels-last,
/// at the cost of two copies. Which path runs is decided by <see cref="KernelProbe"/>, never here.
/// </summary>
public static class FastKernels
{
    /// <summary>Where a channels-last kernel pays: a CPU tensor with more than one channel.</summary>
    public static bool ChannelsLastPays(DeviceType device, long channels) => device == DeviceType.CPU && channels > 1;

    /// <summary>The same values with torch.channels_last_3d strides (a copy, unless they already are).</summary>
    public static Tensor ToChannelsLast(Tensor x) => x.permute(0, 2, 3, 4, 1).contiguous().permute(0, 4, 1, 2, 3);

    /// <summary>
    /// The convolution on the chosen path. A compute type other than the input's casts the input and the weights to it
    /// and the output back, as torch.autocast does for convolutions; gradients reach the float32 weights through the casts.
    /// </summary>
    public static Tensor Conv(Tensor x, Tensor weight, Tensor? bias, ConvSignature s, KernelChoice choice)
    {
        bool cast = choice.ComputeType != x.dtype;
        var (input, w, b) = cast ? (x.to_type(choice.ComputeType), weight.to_type(choice.ComputeType), bias?.to_type(choice.ComputeType)) : (x, weight, bias);
        var y = choice.ChannelsLast
            ? nn.functional.conv3d(ToChannelsLast(input), w, b, Triple(s.Stride), Triple(s.Padding), null, s.Groups).contiguous()
            : nn.functional.conv3d(input, w, b, Triple(s.Stride), Triple(s.Padding), null, s.Groups);
        return cast ? y.to_type(x.dtype) : y;
    }

    /// <summary>The plain path: libtorch's contiguous convolution in the input's type.</summary>
    public static Tensor Plain(Tensor x, Tensor weight, Tensor? bias, ConvSignature s) =>
        nn.functional.conv3d(x, weight, bias, Triple(s.Stride), Triple(s.Padding), null, s.Groups);

    /// <summary>The max pooling on the chosen path, returned contiguous.</summary>
    public static Tensor MaxPool(Tensor x, PoolSignature s, KernelChoice choice) =>
        choice.ChannelsLast ? Pool(ToChannelsLast(x), s).contiguous() : Pool(x, s);

    /// <summary>The plain path: libtorch's contiguous max pooling.</summary>
    public static Tensor PlainMaxPool(Tensor x, PoolSignature s) => Pool(x, s);

    private static Tensor Pool(Tensor x, PoolSignature s) =>
        nn.functional.max_pool3d(x, [s.Kernel, s.Kernel, s.Kernel], [s.Stride, s.Stride, s.Stride], [s.Padding, s.Padding, s.Padding]);

    private static long[] Triple((long A, long B, long C) t) => [t.A, t.B, t.C];
}
