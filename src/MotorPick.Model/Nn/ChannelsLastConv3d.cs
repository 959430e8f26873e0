using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MotorPick.Model.Nn;

/// <summary>
/// A Conv3d with PyTorch's parameter names and initialisation whose CPU forward and backward run libtorch's
/// channels-last (NDHWC) oneDNN kernels. With libtorch 2.10 on the CPU, contiguous 3D convolutions with few channels are
/// slow (a 1³ conv of 8 channels at 32x64x64: 41 ms forward + backward against 5 ms channels-last), while BatchNorm and
/// pooling are slower channels-last; so input and output stay contiguous NCDHW and only the convolution runs
/// channels-last. The conversions are two copies; the training step of the tiny preset went from 108 to 95 ms and
/// x3d-m's from 1067 to 959 ms (bench/model/throughput.sh). On CUDA it is a plain conv3d.
/// </summary>
public sealed class ChannelsLastConv3d : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch's state-dict names
    private readonly Parameter weight;
    private readonly Parameter? bias;
#pragma warning restore IDE1006
    private readonly long[] stride, padding;
    private readonly long groups;

    public ChannelsLastConv3d(long cin, long cout, (long, long, long) kernel, (long, long, long) stride, (long, long, long) padding, long groups = 1, bool bias = false)
        : base("Conv3d")
    {
        // nn.Conv3d's initialisation (and its draws from the global generator, so a seed gives the same weights as before)
        using (var conv = nn.Conv3d(cin, cout, kernel, stride: stride, padding: padding, groups: groups, bias: bias))
        using (no_grad())
        {
            weight = new Parameter(conv.weight!.detach().clone());
            this.bias = bias ? new Parameter(conv.bias!.detach().clone()) : null;
        }
        this.stride = [stride.Item1, stride.Item2, stride.Item3];
        this.padding = [padding.Item1, padding.Item2, padding.Item3];
        this.groups = groups;
        RegisterComponents();
    }

    /// <summary>
    /// Mixed precision: when set (Float16 or BFloat16), the input and the fp32 weights are cast to it for the
    /// convolution and the output is cast back to fp32, as torch.autocast does for convolutions; norms, pooling and the
    /// loss stay fp32, and the gradients reach the fp32 weights through the casts.
    /// </summary>
    public ScalarType? ComputeType { get; set; }

    public override Tensor forward(Tensor x)
    {
        var low = ComputeType is { } t && t != x.dtype ? t : (ScalarType?)null;
        var (input, w, b) = low is { } l ? (x.to_type(l), weight.to_type(l), bias?.to_type(l)) : (x, weight, bias);
        var y = ChannelsLast.Pays(input)
            ? nn.functional.conv3d(ChannelsLast.To(input), w, b, stride, padding, null, groups).contiguous()
            : nn.functional.conv3d(input, w, b, stride, padding, null, groups);
        return low is null ? y : y.to_type(x.dtype);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            weight.Dispose();
            bias?.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>Channels-last (NDHWC) views for the CPU kernels that are faster on them (see <see cref="ChannelsLastConv3d"/>).</summary>
public static class ChannelsLast
{
    /// <summary>True where a channels-last kernel pays: a CPU tensor with more than one channel.</summary>
    public static bool Pays(Tensor x) => x.device_type == DeviceType.CPU && x.shape[1] > 1;

    /// <summary>The same values with torch.channels_last_3d strides (a copy, unless they already are).</summary>
    public static Tensor To(Tensor x) => x.permute(0, 2, 3, 4, 1).contiguous().permute(0, 4, 1, 2, 3);

    /// <summary>
    /// Max pooling (kernel k, stride s, padding p) on channels-last data, returned contiguous: libtorch 2.10's
    /// contiguous 3D max pooling took 12 ms forward against 2.5 ms channels-last on the tiny stem's output.
    /// </summary>
    public static Tensor MaxPool3d(Tensor x, long k, long s, long p)
    {
        long[] kernel = [k, k, k], stride = [s, s, s], padding = [p, p, p];
        return Pays(x) ? nn.functional.max_pool3d(To(x), kernel, stride, padding).contiguous() : nn.functional.max_pool3d(x, kernel, stride, padding);
    }
}
