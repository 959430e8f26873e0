using System.Runtime.InteropServices;
using MotorPick.Core;
using MotorPick.Model.Nn;
using MotorPick.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MotorPick.Model.Export;

/// <summary>
/// Translates a <see cref="HeatmapUNet3d"/> into an ONNX graph by walking its module tree: every module type the presets
/// build has one emitter below that mirrors its <c>forward</c> (the parity tests run every preset through ONNX Runtime
/// and TorchSharp, so a forward changed without its emitter fails there). Eval-mode batch norms are folded into the
/// convolution before them (the per-channel scale computed in float64, applied to the float32 weights); a batch norm without a convolution before it becomes a
/// BatchNormalization node. Spatial and batch axes stay dynamic: the upsampling sizes are computed in the graph.
/// </summary>
internal sealed class HeatmapGraphWriter
{
    public const string InputName = "input";
    public const string OutputName = "logits";

    private readonly OnnxGraphBuilder g = new("motorpick_heatmap_unet3d");

    public OnnxGraph Write(HeatmapUNet3d model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var spec = model.Spec;
        var input = g.Input(InputName, OnnxDataType.Float, OnnxDim.Dynamic("batch"), OnnxDim.Fixed(1),
            OnnxDim.Dynamic("depth"), OnnxDim.Dynamic("height"), OnnxDim.Dynamic("width"));
        var children = Children(model);
        var x = Normalise(input, spec);
        var features = Encoder(Child(children, "encoder", "HeatmapUNet3d"), x, "encoder");
        var y = Neck((FpnNeck3d)Child(children, "neck", "HeatmapUNet3d"), features, "neck");
        y = Emit(Child(children, "decoder", "HeatmapUNet3d"), y, "decoder");
        y = Emit(Child(children, "head", "HeatmapUNet3d"), y, OutputName);
        if (y != OutputName) throw new InvalidOperationException($"the head's output is '{y}', expected '{OutputName}'");
        g.Output(y, OnnxDataType.Float, OnnxDim.Dynamic("batch"), OnnxDim.Fixed(1),
            OnnxDim.Dynamic("depth_out"), OnnxDim.Dynamic("height_out"), OnnxDim.Dynamic("width_out"));
        return g.Build();
    }

    /// <summary>(x - mean) / std per channel; broadcasting the 1-channel input against 1 x C x 1 x 1 x 1 constants repeats it to C channels.</summary>
    private string Normalise(string x, ModelSpec spec)
    {
        long[] dims = [1, spec.InChannels, 1, 1, 1];
        var mean = g.Floats("input_mean", dims, spec.InputMean.Select(v => (float)v).ToArray());
        var std = g.Floats("input_std", dims, spec.InputStd.Select(v => (float)v).ToArray());
        return g.Node("Div", "normalised", [g.Node("Sub", "centred", [x, mean]), std]);
    }

    private string[] Encoder(nn.Module encoder, string x, string path)
    {
        var c = Children(encoder);
        switch (encoder)
        {
            case ResNetEncoder3d:
            {
                var f1 = Sequence([("conv1", c["conv1"]), ("bn1", c["bn1"]), ("relu", c["relu"])], x, path);
                var f2 = Emit(c["layer1"], Emit(c["maxpool"], f1, $"{path}.maxpool"), $"{path}.layer1");
                var f3 = Emit(c["layer2"], f2, $"{path}.layer2");
                var f4 = Emit(c["layer3"], f3, $"{path}.layer3");
                return c.TryGetValue("layer4", out var layer4) ? [f1, f2, f3, f4, Emit(layer4, f4, $"{path}.layer4")] : [f1, f2, f3, f4];
            }
            case X3dEncoder3d:
            {
                var outs = new List<string> { Emit(c["stem"], x, $"{path}.stem") };
                foreach (var (name, stage) in Children(c["stages"])) outs.Add(Emit(stage, outs[^1], $"{path}.stages.{name}"));
                return outs.ToArray();
            }
            case ConvNeXtEncoder2p5d:
            {
                var y = Emit(c["stem"], Slabs(x, ((ConvNeXtEncoder2p5d)encoder).Slices, path), $"{path}.stem");
                var outs = new List<string>();
                int level = 0;
                foreach (var (name, stage) in Children(c["stages"]))
                {
                    y = Emit(stage, y, $"{path}.stages.{name}");
                    long k = ConvNeXtEncoder2p5d.DepthPool(ConvNeXtEncoder2p5d.SliceStride << level++);
                    outs.Add(k == 1 ? y : g.Node("AveragePool", $"{path}.lift{name}", [y], OnnxAttribute.Ints("kernel_shape", k, 1, 1), OnnxAttribute.Ints("strides", k, 1, 1)));
                }
                return outs.ToArray();
            }
            default:
                throw Unsupported(encoder, path);
        }
    }

    /// <summary>ConvNeXtEncoder2p5d.Slabs: channel c of 2D image i is slice 4i + c of normalised channel c.</summary>
    private string Slabs(string x, int slices, string path)
    {
        var parts = new string[slices];
        for (int c = 0; c < slices; c++)
            parts[c] = g.Node("Slice", $"{path}.slices{c}", [x, g.Int64s(c, c), g.Int64s(c + 1, long.MaxValue), g.Int64s(1, 2), g.Int64s(1, ConvNeXtEncoder2p5d.SliceStride)]);
        return g.Node("Concat", $"{path}.slabs", parts, OnnxAttribute.Int("axis", 1));
    }

    /// <summary>FpnNeck3d.forward: optional lateral projection, average pooling of finer levels, trilinear upsampling of coarser ones, concatenation.</summary>
    private string Neck(FpnNeck3d neck, string[] features, string path)
    {
        var c = Children(neck);
        var lateral = c.TryGetValue("lateral", out var l) ? Children(l).Select(kv => kv.Value).ToArray() : null;
        var strides = neck.LevelStrides;
        int outputStride = neck.OutputStride;
        // the target grid is the finest level's size divided by outputStride / its stride (integer division, as the module's long arithmetic)
        string? sizes = null;
        var parts = new string[features.Length];
        for (int i = 0; i < features.Length; i++)
        {
            var f = lateral is null ? features[i] : Emit(lateral[i], features[i], $"{path}.lateral.{i}");
            if (strides[i] < outputStride)
            {
                long k = outputStride / strides[i];
                f = g.Node("AveragePool", $"{path}.pool{i}", [f], OnnxAttribute.Ints("kernel_shape", k, k, k), OnnxAttribute.Ints("strides", k, k, k));
            }
            else if (strides[i] > outputStride)
            {
                sizes ??= g.Node("Div", $"{path}.grid", [g.Node("Shape", $"{path}.level0_size", [features[0]], OnnxAttribute.Int("start", 2), OnnxAttribute.Int("end", 5)),
                    g.Int64s(outputStride / strides[0])]);
                var nc = g.Node("Shape", $"{path}.level{i}_nc", [f], OnnxAttribute.Int("start", 0), OnnxAttribute.Int("end", 2));
                var full = g.Node("Concat", $"{path}.level{i}_sizes", [nc, sizes], OnnxAttribute.Int("axis", 0));
                // align_corners=False is ONNX's half_pixel (PyTorch's own variant differs only for outputs of size 1)
                f = g.Node("Resize", $"{path}.up{i}", [f, "", "", full], OnnxAttribute.String("mode", "linear"),
                    OnnxAttribute.String("coordinate_transformation_mode", "half_pixel"));
            }
            parts[i] = f;
        }
        return g.Node("Concat", path, parts, OnnxAttribute.Int("axis", 1));
    }

    /// <summary>One module's forward pass on value <paramref name="x"/>; returns the output value.</summary>
    private string Emit(nn.Module m, string x, string path)
    {
        var c = Children(m);
        switch (m)
        {
            case Sequential:
                return Sequence(c.Select(kv => (kv.Key, kv.Value)).ToArray(), x, path);
            case Identity:
                return x;
            case ChannelsLastConv3d or Conv3d:
                return Conv(m, null, x, path);
            case HeldBatchNorm3d bn:
                return BatchNorm(bn, x, path);
            case GroupNorm gn:
                return GroupNorm(gn, x, path);
            case ReLU:
                return g.Node("Relu", path, [x]);
            case SiLU:
                // opset 17 has no SiLU operator: x * sigmoid(x)
                return g.Node("Mul", path, [x, g.Node("Sigmoid", $"{path}.sigmoid", [x])]);
            case ProbedMaxPool3d pool:
                return g.Node("MaxPool", path, [x], OnnxAttribute.Ints("kernel_shape", pool.Kernel, pool.Kernel, pool.Kernel),
                    OnnxAttribute.Ints("strides", pool.Stride, pool.Stride, pool.Stride), OnnxAttribute.Ints("pads", Repeat(pool.Padding, 6)));
            case BasicBlock3d:
            {
                var y = Sequence(Pick(c, "conv1", "bn1", "relu", "conv2", "bn2"), x, path);
                return Residual(y, c, x, path);
            }
            case Bottleneck3d:
            {
                var y = Sequence(Pick(c, "conv1", "bn1", "relu", "conv2", "bn2", "relu", "conv3", "bn3"), x, path);
                return Residual(y, c, x, path);
            }
            case X3dStem:
                return Sequence(Pick(c, "conv_xy", "conv_t", "norm", "act"), x, path);
            case X3dBlock:
            {
                var y = Sequence(Pick(c, "conv_a", "norm_a", "act_a", "conv_b", "norm_b"), x, path);
                if (c.TryGetValue("se", out var se)) y = Emit(se, y, $"{path}.se");
                y = Emit(c["act_b"], y, $"{path}.act_b");
                y = Sequence(Pick(c, "conv_c", "norm_c"), y, path);
                var shortcut = c.ContainsKey("branch1_conv") ? Sequence(Pick(c, "branch1_conv", "branch1_norm"), x, path) : x;
                return g.Node("Relu", $"{path}.relu", [g.Node("Add", $"{path}.add", [y, shortcut])]);
            }
            case ChannelLayerNorm ln:
                return LayerNorm(ln, x, path);
            case Linear:
            {
                // x @ W^T + b over the last axis
                var p = Parameters(m);
                var wt = p["weight"].detach().t().contiguous();
                var y = g.Node("MatMul", $"{path}.matmul", [x, Weight($"{path}.weight_t", wt)]);
                return p.TryGetValue("bias", out var b) ? g.Node("Add", path, [y, Weight($"{path}.bias", b.detach())]) : y;
            }
            case GELU:
            {
                // opset 17 has no Gelu: 0.5 * x * (1 + erf(x / sqrt(2))), PyTorch's exact GELU
                var erf = g.Node("Erf", $"{path}.erf", [g.Node("Div", $"{path}.scaled", [x, g.Floats($"{path}.sqrt2", [1], [MathF.Sqrt(2f)])])]);
                var onePlus = g.Node("Add", $"{path}.one_plus", [erf, g.Floats($"{path}.one", [1], [1f])]);
                return g.Node("Mul", path, [g.Node("Mul", $"{path}.x_times", [x, onePlus]), g.Floats($"{path}.half", [1], [0.5f])]);
            }
            case ConvNeXtStage:
            {
                var y = c.TryGetValue("downsample", out var ds) ? Emit(ds, x, $"{path}.downsample") : x;
                return Emit(c["blocks"], y, $"{path}.blocks");
            }
            case ConvNeXtMlp:
                return Sequence(Pick(c, "fc1", "act", "fc2"), x, path);
            case ConvNeXtBlock:
            {
                var y = Emit(c["conv_dw"], x, $"{path}.conv_dw");
                y = g.Node("Transpose", $"{path}.to_last", [y], OnnxAttribute.Ints("perm", 0, 2, 3, 4, 1));
                y = Sequence(Pick(c, "norm", "mlp"), y, path);
                y = g.Node("Transpose", $"{path}.to_first", [y], OnnxAttribute.Ints("perm", 0, 4, 1, 2, 3));
                var gamma = Parameters(m)["gamma"].detach();
                y = g.Node("Mul", $"{path}.scaled", [y, g.Floats($"{path}.gamma", [1, gamma.shape[0], 1, 1, 1], Floats(gamma))]);
                return g.Node("Add", $"{path}.add", [y, x]);
            }
            case SqueezeExcite3d:
            {
                var s = g.Node("GlobalAveragePool", $"{path}.avg", [x]);
                s = Sequence(Pick(c, "fc1", "relu", "fc2"), s, path);
                return g.Node("Mul", path, [x, g.Node("Sigmoid", $"{path}.gate", [s])]);
            }
            default:
                throw Unsupported(m, path);
        }
    }

    /// <summary>torchvision's block ending: + (downsampled) shortcut, ReLU.</summary>
    private string Residual(string y, IReadOnlyDictionary<string, nn.Module> c, string x, string path)
    {
        var identity = c.TryGetValue("downsample", out var ds) ? Emit(ds, x, $"{path}.downsample") : x;
        return g.Node("Relu", $"{path}.relu", [g.Node("Add", $"{path}.add", [y, identity])]);
    }

    /// <summary>Modules applied in order; a convolution followed by a batch norm becomes one convolution with the norm folded in.</summary>
    private string Sequence(IReadOnlyList<(string Name, nn.Module Module)> modules, string x, string path)
    {
        for (int i = 0; i < modules.Count; i++)
        {
            var (name, m) = modules[i];
            if (m is ChannelsLastConv3d or Conv3d && i + 1 < modules.Count && modules[i + 1].Module is HeldBatchNorm3d bn)
            {
                x = Conv(m, bn, x, $"{path}.{name}");
                i++;
            }
            else
            {
                x = Emit(m, x, $"{path}.{name}");
            }
        }
        return x;
    }

    private string Conv(nn.Module conv, HeldBatchNorm3d? norm, string x, string path)
    {
        var p = Parameters(conv);
        var weight = p["weight"].detach();
        var bias = p.TryGetValue("bias", out var b) ? b.detach() : null;
        long[] kernel, stride, pads;
        long groups;
        switch (conv)
        {
            case ChannelsLastConv3d c:
                if (c.IsPlanar) weight = weight.unsqueeze(2); // Conv2d's weight as a 1 x kh x kw Conv3d weight
                kernel = [c.Kernel.Item1, c.Kernel.Item2, c.Kernel.Item3];
                stride = [c.Stride.Item1, c.Stride.Item2, c.Stride.Item3];
                pads = [c.Padding.Item1, c.Padding.Item2, c.Padding.Item3, c.Padding.Item1, c.Padding.Item2, c.Padding.Item3];
                groups = c.Groups;
                break;
            case Conv3d c:
                kernel = weight.shape[2..];
                stride = Three(c.stride, "stride", path);
                var pad = Three(c.padding ?? [0], "padding", path);
                pads = [.. pad, .. pad];
                groups = c.groups;
                if (c.padding_type is not null || c.dilation?.Any(d => d != 1) == true)
                    throw new MotorPickException($"cannot export convolution '{path}': only explicit zero padding and dilation 1 are supported");
                break;
            default:
                throw Unsupported(conv, path);
        }
        if (norm is not null)
        {
            // eval-mode batch norm after a convolution: w' = w * s, b' = (b - mean) * s + beta with s = gamma / sqrt(var + eps)
            var n = Norm(norm);
            var scale = n.Weight / (n.RunningVar + norm.Eps).sqrt();
            weight = weight * scale.to(weight.dtype).reshape(-1, 1, 1, 1, 1);
            bias = ((bias?.to(float64) ?? zeros_like(n.RunningMean)) - n.RunningMean) * scale + n.Bias;
        }
        var inputs = new List<string> { x, g.Floats($"{path}.weight", weight.shape, Floats(weight)) };
        if (bias is not null) inputs.Add(g.Floats($"{path}.bias", bias.shape, Floats(bias)));
        return g.Node("Conv", path, inputs, OnnxAttribute.Ints("kernel_shape", kernel), OnnxAttribute.Ints("strides", stride),
            OnnxAttribute.Ints("pads", pads), OnnxAttribute.Ints("dilations", 1, 1, 1), OnnxAttribute.Int("group", groups));
    }

    /// <summary>LayerNormalization over the last axis; a channels-first norm is wrapped in transposes to channels-last and back.</summary>
    private string LayerNorm(ChannelLayerNorm ln, string x, string path)
    {
        var p = Parameters(ln);
        var input = ln.ChannelsFirst ? g.Node("Transpose", $"{path}.to_last", [x], OnnxAttribute.Ints("perm", 0, 2, 3, 4, 1)) : x;
        var y = g.Node("LayerNormalization", ln.ChannelsFirst ? $"{path}.norm" : path,
            [input, Weight($"{path}.weight", p["weight"].detach()), Weight($"{path}.bias", p["bias"].detach())],
            OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", (float)ln.Eps));
        return ln.ChannelsFirst ? g.Node("Transpose", path, [y], OnnxAttribute.Ints("perm", 0, 4, 1, 2, 3)) : y;
    }

    private string BatchNorm(HeldBatchNorm3d bn, string x, string path)
    {
        var n = Norm(bn);
        return g.Node("BatchNormalization", path,
            [x, Weight($"{path}.weight", n.Weight), Weight($"{path}.bias", n.Bias), Weight($"{path}.running_mean", n.RunningMean), Weight($"{path}.running_var", n.RunningVar)],
            OnnxAttribute.Float("epsilon", (float)bn.Eps));
    }

    /// <summary>GroupNorm as opset 17 allows: N x G x (C/G * D*H*W) instance norm, back to the input's shape, per-channel affine.</summary>
    private string GroupNorm(GroupNorm gn, string x, string path)
    {
        var p = Parameters(gn);
        long groups = gn.num_groups;
        var ones = Enumerable.Repeat(1f, (int)groups).ToArray();
        var grouped = g.Node("Reshape", $"{path}.grouped", [x, g.Int64s(0, groups, -1)]);
        var normed = g.Node("InstanceNormalization", $"{path}.instance",
            [grouped, g.Floats($"{path}.ones", [groups], ones), g.Floats($"{path}.zeros", [groups], new float[groups])],
            OnnxAttribute.Float("epsilon", (float)gn.eps));
        var back = g.Node("Reshape", $"{path}.ungrouped", [normed, g.Node("Shape", $"{path}.shape", [x])]);
        var w = p["weight"].detach();
        var b = p["bias"].detach();
        long[] dims = [1, w.shape[0], 1, 1, 1];
        return g.Node("Add", path, [g.Node("Mul", $"{path}.scaled", [back, g.Floats($"{path}.weight", dims, Floats(w))]), g.Floats($"{path}.bias", dims, Floats(b))]);
    }

    private string Weight(string name, Tensor t) => g.Floats(name, t.shape, Floats(t));

    private sealed record NormTensors(Tensor Weight, Tensor Bias, Tensor RunningMean, Tensor RunningVar);

    private static NormTensors Norm(HeldBatchNorm3d bn)
    {
        var p = Parameters(bn);
        var buffers = bn.named_buffers().ToDictionary(kv => kv.name, kv => kv.buffer, StringComparer.Ordinal);
        return new NormTensors(p["weight"].detach().to(float64), p["bias"].detach().to(float64),
            buffers["running_mean"].to(float64), buffers["running_var"].to(float64));
    }

    /// <summary>The values of <paramref name="t"/> as float32 in C order, read straight from the tensor's storage (weights run to hundreds of MB).</summary>
    private static ReadOnlySpan<float> Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.detach().to(float32).cpu().contiguous().bytes);

    private static Dictionary<string, Tensor> Parameters(nn.Module m) =>
        m.named_parameters(recurse: false).ToDictionary(kv => kv.name, kv => (Tensor)kv.parameter, StringComparer.Ordinal);

    /// <summary>The registered children in registration order (a module's fields, a Sequential's or ModuleList's entries).</summary>
    private static Dictionary<string, nn.Module> Children(nn.Module m)
    {
        var d = new Dictionary<string, nn.Module>(StringComparer.Ordinal);
        foreach (var (name, child) in m.named_children()) d[name] = child;
        return d;
    }

    private static nn.Module Child(Dictionary<string, nn.Module> c, string name, string owner) =>
        c.TryGetValue(name, out var m) ? m : throw new MotorPickException($"cannot export: {owner} has no module '{name}'");

    private static (string, nn.Module)[] Pick(IReadOnlyDictionary<string, nn.Module> c, params string[] names) =>
        names.Select(n => c.TryGetValue(n, out var m) ? (n, m) : throw new MotorPickException($"cannot export: module '{n}' is missing")).ToArray();

    private static long[] Three(long[]? v, string what, string path) => v switch
    {
        [var a] => [a, a, a],
        [var a, var b, var c] => [a, b, c],
        _ => throw new MotorPickException($"cannot export convolution '{path}': {what} [{string.Join(", ", v ?? [])}] is not 1 or 3 values"),
    };

    private static long[] Repeat(long v, int n) => Enumerable.Repeat(v, n).ToArray();

    private static MotorPickException Unsupported(nn.Module m, string path) =>
        new($"cannot export module '{path}' of type {m.GetType().Name} to ONNX: the exporter has no emitter for it (src/MotorPick.Model/Export)");
}
