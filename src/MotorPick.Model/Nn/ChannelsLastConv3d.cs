using MotorPick.Model.Nn.Kernels;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MotorPick.Model.Nn;

/// <summary>
/// A Conv3d with PyTorch's parameter names and initialisation that runs on libtorch's channels-last (NDHWC) CPU kernels
/// where <see cref="KernelProbe"/> verified them on this machine, and on the plain contiguous kernel elsewhere (see
/// <see cref="FastKernels"/> for why channels-last, and the probe for why verified). Input and output stay contiguous.
/// The training step of the tiny preset went from 108 to 95 ms and x3d-m's from 1067 to 959 ms (bench/model/throughput.sh).
/// </summary>
public sealed class ChannelsLastConv3d : Module<Tensor, Tensor>, IKernelProbed
{
#pragma warning disable IDE1006 // PyTorch's state-dict names
    private readonly Parameter weight;
    private readonly Parameter? bias;
#pragma warning restore IDE1006
    private readonly long cin, cout, groups;
    private readonly (long, long, long) kernel, stride, padding;

    public ChannelsLastConv3d(long cin, long cout, (long, long, long) kernel, (long, long, long) stride, (long, long, long) padding, long groups = 1, bool bias = false)
        : this(cin, cout, kernel, stride, padding, groups, bias, planar: false)
    {
    }

    private ChannelsLastConv3d(long cin, long cout, (long, long, long) kernel, (long, long, long) stride, (long, long, long) padding, long groups, bool bias, bool planar)
        : base(planar ? "Conv2d" : "Conv3d")
    {
        if (planar && (kernel.Item1 != 1 || stride.Item1 != 1 || padding.Item1 != 0))
            throw new ArgumentException("a planar convolution has kernel 1, stride 1 and padding 0 along depth");
        using (no_grad())
        {
            // nn.Conv3d's (nn.Conv2d's) initialisation, and its draws from the global generator, so a seed gives the same weights as before
            if (planar)
            {
                using var conv = nn.Conv2d(cin, cout, (kernel.Item2, kernel.Item3), stride: (stride.Item2, stride.Item3), padding: (padding.Item2, padding.Item3), groups: groups, bias: bias);
                weight = new Parameter(conv.weight!.detach().clone());
                this.bias = bias ? new Parameter(conv.bias!.detach().clone()) : null;
            }
            else
            {
                using var conv = nn.Conv3d(cin, cout, kernel, stride: stride, padding: padding, groups: groups, bias: bias);
                weight = new Parameter(conv.weight!.detach().clone());
                this.bias = bias ? new Parameter(conv.bias!.detach().clone()) : null;
            }
        }
        (this.cin, this.cout, this.groups, this.kernel, this.stride, this.padding, IsPlanar) = (cin, cout, groups, kernel, stride, padding, planar);
        RegisterComponents();
    }

    /// <summary>
    /// A 2D convolution (PyTorch's Conv2d parameters: weight <c>out x in/groups x kh x kw</c>) applied to every depth slice of
    /// an N x C x D x H x W input: the same numbers as Conv2d on the N·D images, run as a 1 x kh x kw Conv3d so that it goes
    /// through the kernel probe like every other convolution (the 2.5D encoders).
    /// </summary>
    public static ChannelsLastConv3d Planar(long cin, long cout, long kernel, long stride, long padding, long groups = 1, bool bias = true) =>
        new(cin, cout, (1, kernel, kernel), (1, stride, stride), (0, padding, padding), groups, bias, planar: true);

    /// <summary>True when the weight has Conv2d's shape (a 2D convolution applied slice by slice, see <see cref="Planar"/>).</summary>
    public bool IsPlanar { get; }

    /// <summary>The weight as a Conv3d weight (a view with a depth axis of 1 for a planar convolution).</summary>
    public Tensor Weight3d => IsPlanar ? weight.unsqueeze(2) : weight;

    /// <summary>
    /// Mixed precision: when set (Float16 or BFloat16), the input and the fp32 weights are cast to it for the
    /// convolution and the output is cast back to fp32, as torch.autocast does for convolutions; norms, pooling and the
    /// loss stay fp32, and the gradients reach the fp32 weights through the casts.
    /// </summary>
    public ScalarType? ComputeType { get; set; }

    public KernelProbe Probe { get; set; } = KernelProbe.Shared;

    /// <summary>Kernel, stride and zero padding per axis (z, y, x), and the groups: what an exported graph needs.</summary>
    public (long, long, long) Kernel => kernel;
    public (long, long, long) Stride => stride;
    public (long, long, long) Padding => padding;
    public long Groups => groups;

    /// <summary>The signature this convolution runs with on <paramref name="device"/> for a float32 input.</summary>
    public ConvSignature Signature(DeviceType device) =>
        new(cin, cout, kernel, stride, padding, groups, bias is not null, ComputeType ?? ScalarType.Float32, device);

    public IEnumerable<KernelSignature> Signatures(DeviceType device) => [Signature(device)];

    public override Tensor forward(Tensor x)
    {
        var type = ComputeType is { } t && t != x.dtype ? t : x.dtype;
        var signature = new ConvSignature(cin, cout, kernel, stride, padding, groups, bias is not null, type, x.device_type);
        return Probe.Conv(x, Weight3d, bias, signature);
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

/// <summary>
/// Cubic 3D max pooling on the path <see cref="KernelProbe"/> verified (channels-last where it agrees with the plain
/// kernel); no parameters, so state dicts are unchanged.
/// </summary>
public sealed class ProbedMaxPool3d(long channels, long kernel, long stride, long padding) : Module<Tensor, Tensor>("MaxPool3d"), IKernelProbed
{
    public KernelProbe Probe { get; set; } = KernelProbe.Shared;

    /// <summary>Cubic kernel, stride and padding (the same on every axis).</summary>
    public long Kernel => kernel;
    public long Stride => stride;
    public long Padding => padding;

    public IEnumerable<KernelSignature> Signatures(DeviceType device) => [new PoolSignature(channels, kernel, stride, padding, device)];

    public override Tensor forward(Tensor x) => Probe.MaxPool(x, new PoolSignature(x.shape[1], kernel, stride, padding, x.device_type));
}
