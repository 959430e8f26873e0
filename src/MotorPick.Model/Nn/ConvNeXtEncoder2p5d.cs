using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MotorPick.Model.Nn;

/// <summary>
/// A 2.5D encoder: ConvNeXt (Liu et al. 2022; timm's <c>convnext_*</c>: patchify stem 4x4/4 + LayerNorm, stages of
/// depthwise 7x7, LayerNorm, Linear 4x, GELU, Linear, layer scale, residual; LayerNorm + 2x2/2 convolution between stages)
/// applied to groups of slices, its features lifted to 3D.
/// <para>Slice grouping: one 2D image every <see cref="SliceStride"/> = 4 slices (the stride of ConvNeXt's first level), image
/// i holding the <see cref="ModelSpec.InChannels"/> consecutive slices 4i, 4i+1, ... as its channels (3, as the RGB of an
/// ImageNet stem, so timm's pretrained weights fit unchanged; channel c normalised with the spec's mean and std of c).
/// Every image runs through the same 2D network (its convolutions are 1 x k x k convolutions over N x C x D/4 x H x W, the
/// same numbers as Conv2d on the N·D/4 images). A level of stride s has depth D/4; it is average-pooled along z by s/4, so
/// every level is a 3D map at stride s on every axis like the 3D encoders', and the FPN neck, decoder and head are theirs.</para>
/// Names are timm's under <c>encoder.</c>: <c>stem.0</c> (conv), <c>stem.1</c> (LayerNorm2d), <c>stages.S.downsample.0/1</c>,
/// <c>stages.S.blocks.B.conv_dw</c>, <c>.norm</c>, <c>.mlp.fc1</c>, <c>.mlp.fc2</c>, <c>.gamma</c>: a timm state dict of the
/// same depths and dims loads with the prefix added (its head is not used).
/// </summary>
public sealed class ConvNeXtEncoder2p5d : Encoder3d
{
    /// <summary>Slices between consecutive 2D images (= the first level's stride, so that level needs no pooling along z).</summary>
    public const int SliceStride = 4;

    /// <summary>Depthwise kernel, MLP ratio, LayerNorm epsilon and layer-scale start value of timm's ConvNeXt.</summary>
    public const int Kernel = 7, MlpRatio = 4;
    public const double LayerNormEps = 1e-6, LayerScaleInit = 1e-6;

    private readonly Module<Tensor, Tensor> stem;
    private readonly ModuleList<Module<Tensor, Tensor>> stages;
    private readonly int[] channels;
    private readonly int[] strides;
    private readonly int slices;

    public ConvNeXtEncoder2p5d(ModelSpec spec) : base("encoder")
    {
        slices = spec.InChannels;
        int dim0 = spec.Widths[0];
        stem = nn.Sequential(("0", ChannelsLastConv3d.Planar(spec.InChannels, dim0, 4, 4, 0)), ("1", new ChannelLayerNorm(dim0, LayerNormEps)));
        var list = new List<Module<Tensor, Tensor>>();
        var chans = new List<int>();
        int cin = dim0;
        for (int s = 0; s < spec.Levels - 1; s++)
        {
            list.Add(new ConvNeXtStage(cin, spec.Widths[s], spec.Layers[s], s > 0));
            cin = spec.Widths[s];
            chans.Add(cin);
        }
        stages = nn.ModuleList(list.ToArray());
        channels = chans.ToArray();
        strides = Enumerable.Range(0, channels.Length).Select(i => SliceStride << i).ToArray();
        InitWeights();
        RegisterComponents();
    }

    public override IReadOnlyList<int> Channels => channels;

    /// <summary>Consecutive slices per 2D image (its input channels).</summary>
    public int Slices => slices;

    /// <summary>Strides 4, 8, 16, 32: ConvNeXt has no stride-2 level.</summary>
    public override IReadOnlyList<int> Strides => strides;

    /// <summary>
    /// Cuts the normalised N x C x D x H x W input (channel c = the input normalised for channel c) into the 2D images:
    /// N x C x D/4 x H x W with channel c of image i = slice 4i + c.
    /// </summary>
    public Tensor Slabs(Tensor x)
    {
        var parts = new Tensor[slices];
        for (int c = 0; c < slices; c++)
            parts[c] = x[TensorIndex.Colon, TensorIndex.Slice(c, c + 1), TensorIndex.Slice(c, null, SliceStride)];
        return torch.cat(parts, 1);
    }

    /// <summary>Average pooling along z that brings a level of stride <paramref name="stride"/> (depth D/4) to depth D/stride.</summary>
    public static long DepthPool(int stride) => stride / SliceStride;

    public override Tensor[] forward(Tensor x)
    {
        var y = stem.call(Slabs(x));
        var outs = new Tensor[channels.Length];
        for (int i = 0; i < stages.Count; i++)
        {
            y = stages[i].call(y);
            long k = DepthPool(strides[i]);
            outs[i] = k == 1 ? y : functional.avg_pool3d(y, [k, 1, 1], [k, 1, 1]);
        }
        return outs;
    }

    /// <summary>timm's initialisation: truncated normal (std 0.02) convolution and linear weights, zero biases.</summary>
    private void InitWeights()
    {
        using var _ = no_grad();
        foreach (var m in modules())
        {
            var p = m.named_parameters(recurse: false).ToDictionary(kv => kv.name, kv => kv.parameter, StringComparer.Ordinal);
            if (m is not (ChannelsLastConv3d or TorchSharp.Modules.Linear)) continue;
            nn.init.trunc_normal_(p["weight"], std: 0.02);
            if (p.TryGetValue("bias", out var b)) nn.init.zeros_(b);
        }
    }
}

/// <summary>timm's ConvNeXtStage: optional downsample (LayerNorm2d, 2x2 stride-2 convolution), then the blocks.</summary>
internal sealed class ConvNeXtStage : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor>? downsample;
    private readonly Module<Tensor, Tensor> blocks;

    public ConvNeXtStage(int cin, int cout, int depth, bool stride2) : base(nameof(ConvNeXtStage))
    {
        if (stride2 || cin != cout)
            downsample = nn.Sequential(("0", new ChannelLayerNorm(cin, ConvNeXtEncoder2p5d.LayerNormEps)),
                ("1", ChannelsLastConv3d.Planar(cin, cout, stride2 ? 2 : 1, stride2 ? 2 : 1, 0)));
        blocks = nn.Sequential(Enumerable.Range(0, depth)
            .Select(b => (b.ToString(CultureInfo.InvariantCulture), (Module<Tensor, Tensor>)new ConvNeXtBlock(cout))).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => blocks.call(downsample is null ? x : downsample.call(x));
}

/// <summary>
/// timm's ConvNeXtBlock (conv_mlp = False): depthwise 7x7 (+bias), channels to the last axis, LayerNorm, Linear C -> 4C,
/// GELU (erf), Linear 4C -> C, channels back, times the layer scale <c>gamma</c>, plus the input.
/// </summary>
internal sealed class ConvNeXtBlock : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // timm's state-dict names
    private readonly Module<Tensor, Tensor> conv_dw, norm, mlp;
    private readonly Parameter gamma;
#pragma warning restore IDE1006

    public ConvNeXtBlock(int dim) : base(nameof(ConvNeXtBlock))
    {
        conv_dw = ChannelsLastConv3d.Planar(dim, dim, ConvNeXtEncoder2p5d.Kernel, 1, ConvNeXtEncoder2p5d.Kernel / 2, groups: dim);
        norm = new ChannelLayerNorm(dim, ConvNeXtEncoder2p5d.LayerNormEps, channelsFirst: false);
        mlp = new ConvNeXtMlp(dim, dim * ConvNeXtEncoder2p5d.MlpRatio);
        using (var init = ConvNeXtEncoder2p5d.LayerScaleInit.ToScalar())
            gamma = new Parameter(full(new long[] { dim }, init));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = conv_dw.call(x).permute(0, 2, 3, 4, 1);
        y = mlp.call(norm.call(y)).permute(0, 4, 1, 2, 3);
        return y.mul(gamma.reshape(1, -1, 1, 1, 1)).add_(x, TorchScalars.One);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) gamma.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>timm's Mlp: fc1, GELU (exact, erf), fc2 (dropout 0 has no module here).</summary>
internal sealed class ConvNeXtMlp : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> fc1, act, fc2;

    public ConvNeXtMlp(int dim, int hidden) : base(nameof(ConvNeXtMlp))
    {
        fc1 = nn.Linear(dim, hidden);
        act = nn.GELU();
        fc2 = nn.Linear(hidden, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => fc2.call(act.call(fc1.call(x)));
}

/// <summary>
/// LayerNorm over the channel axis with PyTorch's names (weight, bias): of an N x C x ... tensor (timm's LayerNorm2d,
/// <paramref name="channelsFirst"/>) through a permute to channels-last and back, or of a channels-last tensor (LayerNorm).
/// Own parameters rather than nn.LayerNorm's, set to 1 and 0 here (TorchSharp 0.107 left GroupNorm's uninitialised).
/// </summary>
public sealed class ChannelLayerNorm : Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch's state-dict names
    private readonly Parameter weight, bias;
#pragma warning restore IDE1006
    private readonly long[] shape;

    public ChannelLayerNorm(long channels, double eps, bool channelsFirst = true) : base("LayerNorm")
    {
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        shape = [channels];
        (Eps, ChannelsFirst) = (eps, channelsFirst);
        RegisterComponents();
    }

    public double Eps { get; }

    /// <summary>True: normalises axis 1 of N x C x ...; false: the last axis.</summary>
    public bool ChannelsFirst { get; }

    public override Tensor forward(Tensor x)
    {
        if (!ChannelsFirst) return functional.layer_norm(x, shape, weight, bias, Eps);
        var last = x.permute(0, 2, 3, 4, 1);
        return functional.layer_norm(last, shape, weight, bias, Eps).permute(0, 4, 1, 2, 3);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            weight.Dispose();
            bias.Dispose();
        }
        base.Dispose(disposing);
    }
}
