using MotorPick.Model.Nn.Kernels;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MotorPick.Model.Nn;

/// <summary>
/// The detector: input normalisation, a pluggable 3D encoder, the FPN neck at the output stride, a light decoder
/// (3³ conv + norm + ReLU blocks) and a 1-channel heatmap head returning logits.
/// Input: N × 1 × D × H × W float tensor holding uint8 grey values (0..255); D, H, W multiples of
/// <see cref="ModelSpec.MaxStride"/>. Output: N × 1 × D/s × H/s × W/s logits, s = output stride.
/// Parameter names: <c>encoder.*</c>, <c>neck.*</c>, <c>decoder.I.conv/norm</c>, <c>head</c>.
/// </summary>
public sealed class HeatmapUNet3d : Module<Tensor, Tensor>
{
    /// <summary>Initial head bias: logit of 0.01, so the first steps do not drown the rare positives.</summary>
    public const double HeadPriorProbability = 0.01;

    private readonly Encoder3d encoder;
    private readonly FpnNeck3d neck;
    private readonly Module<Tensor, Tensor> decoder;
    private readonly Conv3d head;
    private readonly double[] mean;
    private readonly double[] std;
    private readonly Scalar[] negMeanScalars, stdScalars;

    public HeatmapUNet3d(ModelSpec spec) : base("HeatmapUNet3d")
    {
        spec.Validate();
        Spec = spec;
        mean = spec.InputMean.ToArray();
        std = spec.InputStd.ToArray();
        negMeanScalars = mean.Select(m => (-m).ToScalar()).ToArray();
        stdScalars = std.Select(s => s.ToScalar()).ToArray();
        encoder = Encoder3d.Create(spec);
        neck = new FpnNeck3d(spec, encoder.Channels, encoder.Strides);
        var blocks = new List<(string, Module<Tensor, Tensor>)>();
        long cin = neck.OutChannels;
        for (int i = 0; i < spec.DecoderBlocks; i++)
        {
            blocks.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), nn.Sequential(
                ("conv", Layers.Conv(cin, spec.DecoderChannels, 3)),
                ("norm", Layers.NormLayer(spec, spec.DecoderChannels)),
                ("act", nn.ReLU(inplace: true)))));
            cin = spec.DecoderChannels;
        }
        decoder = blocks.Count == 0 ? nn.Identity() : nn.Sequential(blocks);
        head = nn.Conv3d(cin, 1, 1, bias: true);
        using (no_grad())
        {
            head.bias!.fill_(-Math.Log((1 - HeadPriorProbability) / HeadPriorProbability));
        }
        RegisterComponents();
    }

    public ModelSpec Spec { get; }

    /// <summary>Normalises raw grey values as the reference does inside its models, repeating to the input channels.</summary>
    public Tensor Normalise(Tensor x)
    {
        if (x.shape[1] != 1) throw new ArgumentException($"expected a 1-channel input, got {x.shape[1]} channels");
        // the module holds the scalars, so none is a temporary that the GC could free mid-call (see TorchScalars); x + 1·(-mean)
        // rather than sub(mean), whose one-scalar overload passes a temporary alpha (x - m and x + (-m) are the same float)
        if (mean.Length == 1) return x.add(negMeanScalars[0], TorchScalars.One).div_(stdScalars[0]);
        var chans = new Tensor[mean.Length];
        for (int c = 0; c < mean.Length; c++) chans[c] = x.add(negMeanScalars[c], TorchScalars.One).div_(stdScalars[c]);
        return torch.cat(chans, 1);
    }

    public override Tensor forward(Tensor x)
    {
        var features = encoder.call(Normalise(x));
        var y = neck.call(features);
        return head.call(decoder.call(y));
    }

    /// <summary>Number of trainable parameters.</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>
    /// Runs every encoder, neck and decoder convolution in <paramref name="type"/> (Float16 or BFloat16; null: fp32)
    /// with fp32 weights kept (see <see cref="ChannelsLastConv3d.ComputeType"/>); the 1-channel head stays fp32.
    /// </summary>
    public void SetConvolutionType(ScalarType? type)
    {
        foreach (var conv in modules().OfType<ChannelsLastConv3d>()) conv.ComputeType = type;
    }

    /// <summary>Makes every probed operation of the network take its path from <paramref name="probe"/> (default: <see cref="KernelProbe.Shared"/>).</summary>
    public void UseKernelProbe(KernelProbe probe)
    {
        foreach (var m in modules().OfType<IKernelProbed>()) m.Probe = probe;
    }

    /// <summary>
    /// Probes every distinct operation signature of the network on <paramref name="device"/> now, rather than on its first
    /// forward pass, and returns the verdicts (what runs fast, what fell back and why).
    /// </summary>
    public IReadOnlyList<KernelVerdict> VerifyKernels(DeviceType device)
    {
        var probed = modules().OfType<IKernelProbed>().ToList();
        return probed.SelectMany(m => m.Signatures(device).Select(s => (m.Probe, s))).Distinct().Select(p => p.Probe.Choose(p.s)).ToList();
    }
}
