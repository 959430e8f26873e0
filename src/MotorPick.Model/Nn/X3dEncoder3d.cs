using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MotorPick.Model.Nn;

/// <summary>
/// X3D encoder (Feichtenhofer 2020, pytorchvideo layout) with depth downsampled like the spatial axes: factorised
/// stem (1×3×3 conv, depthwise 5×1×1 conv, both stride 2 on their axes), then stages of bottlenecks with
/// 1³ expansion, depthwise 3³ conv, squeeze-excitation on every other block, swish, 1³ projection.
/// Parameter shapes equal pytorchvideo's X3D, so its weights can be imported with a name map.
/// Names: <c>stem.conv_xy</c>, <c>stem.conv_t</c>, <c>stem.norm</c>, <c>stages.S.B.conv_a</c> ... <c>norm_c</c>,
/// <c>stages.S.B.se.fc1/fc2</c>, <c>stages.S.B.branch1_conv/branch1_norm</c>.
/// </summary>
public sealed class X3dEncoder3d : Encoder3d
{
    private readonly Module<Tensor, Tensor> stem;
    private readonly ModuleList<Module<Tensor, Tensor>> stages;
    private readonly int[] channels;

    public X3dEncoder3d(ModelSpec spec) : base("encoder")
    {
        stem = new X3dStem(spec);
        var chans = new List<int> { spec.StemChannels };
        var list = new List<Module<Tensor, Tensor>>();
        int cin = spec.StemChannels;
        for (int s = 0; s < spec.Levels - 1; s++)
        {
            int width = spec.Widths[s];
            int inner = (int)(width * spec.Expansion);
            var blocks = new List<(string, Module<Tensor, Tensor>)>();
            for (int b = 0; b < spec.Layers[s]; b++)
            {
                bool se = spec.SeRatio > 0 && b % 2 == 0;
                blocks.Add((b.ToString(CultureInfo.InvariantCulture), new X3dBlock(spec, cin, inner, width, b == 0 ? 2 : 1, se)));
                cin = width;
            }
            list.Add(nn.Sequential(blocks));
            chans.Add(width);
        }
        stages = nn.ModuleList(list.ToArray());
        channels = chans.ToArray();
        RegisterComponents();
    }

    public override IReadOnlyList<int> Channels => channels;

    public override Tensor[] forward(Tensor x)
    {
        var outs = new Tensor[channels.Length];
        outs[0] = stem.call(x);
        for (int i = 0; i < stages.Count; i++) outs[i + 1] = stages[i].call(outs[i]);
        return outs;
    }

    /// <summary>pytorchvideo's <c>round_width</c>: multiples of 8, at least 8, never below 90 % of the target.</summary>
    internal static int RoundWidth(double width, double multiplier, int divisor = 8)
    {
        width *= multiplier;
        int outw = Math.Max(divisor, (int)(width + divisor / 2.0) / divisor * divisor);
        if (outw < 0.9 * width) outw += divisor;
        return outw;
    }
}

internal sealed class X3dStem : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> conv_xy, conv_t, norm, act;

    public X3dStem(ModelSpec spec) : base("stem")
    {
        int c = spec.StemChannels;
        conv_xy = Layers.Conv((1, 3, 3), spec.InChannels, c, (1, 2, 2));
        conv_t = Layers.Conv((5, 1, 1), c, c, (2, 1, 1), groups: c);
        norm = Layers.NormLayer(spec, c);
        act = nn.ReLU(inplace: true);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => act.call(norm.call(conv_t.call(conv_xy.call(x))));
}

internal sealed class X3dBlock : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> conv_a, norm_a, act_a, conv_b, norm_b, act_b, conv_c, norm_c, relu;
    private readonly Module<Tensor, Tensor>? se;
    private readonly Module<Tensor, Tensor>? branch1_conv, branch1_norm;

    public X3dBlock(ModelSpec spec, int cin, int inner, int cout, int stride, bool useSe) : base(nameof(X3dBlock))
    {
        conv_a = Layers.Conv(cin, inner, 1);
        norm_a = Layers.NormLayer(spec, inner);
        act_a = nn.ReLU(inplace: true);
        conv_b = Layers.Conv(inner, inner, 3, stride, groups: inner);
        norm_b = Layers.NormLayer(spec, inner);
        if (useSe) se = new SqueezeExcite3d(inner, X3dEncoder3d.RoundWidth(inner, spec.SeRatio));
        act_b = nn.SiLU();
        conv_c = Layers.Conv(inner, cout, 1);
        norm_c = Layers.NormLayer(spec, cout);
        relu = nn.ReLU(inplace: true);
        if (cin != cout || stride != 1)
        {
            branch1_conv = Layers.Conv(cin, cout, 1, stride);
            branch1_norm = Layers.NormLayer(spec, cout);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = act_a.call(norm_a.call(conv_a.call(x)));
        y = norm_b.call(conv_b.call(y));
        if (se is not null) y = se.call(y);
        y = norm_c.call(conv_c.call(act_b.call(y)));
        var shortcut = branch1_conv is null ? x : branch1_norm!.call(branch1_conv.call(x));
        return relu.call(y.add_(shortcut, TorchScalars.One));
    }
}

/// <summary>Squeeze-excitation: global average, 1³ conv down, ReLU, 1³ conv up, sigmoid gate (names fc1, fc2).</summary>
internal sealed class SqueezeExcite3d : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> fc1, fc2, relu;

    public SqueezeExcite3d(int channels, int hidden) : base(nameof(SqueezeExcite3d))
    {
        fc1 = nn.Conv3d(channels, hidden, 1, bias: true);
        fc2 = nn.Conv3d(hidden, channels, 1, bias: true);
        relu = nn.ReLU(inplace: true);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var s = functional.adaptive_avg_pool3d(x, 1);
        s = fc2.call(relu.call(fc1.call(s))).sigmoid();
        return x * s;
    }
}
