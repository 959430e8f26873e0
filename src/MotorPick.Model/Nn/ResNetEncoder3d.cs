using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MotorPick.Model.Nn;

/// <summary>
/// 3D ResNet / ResNeXt with torchvision's parameter names (<c>conv1</c>, <c>bn1</c>, <c>layer1.0.conv1</c>,
/// <c>layer1.0.downsample.0</c>, ...): 7³ stem at stride 2, max-pool, four stages at strides 4, 8, 16, 32.
/// </summary>
public sealed class ResNetEncoder3d : Encoder3d
{
    private readonly Module<Tensor, Tensor> conv1;
    private readonly Module<Tensor, Tensor> bn1;
    private readonly Module<Tensor, Tensor> relu;
    private readonly Module<Tensor, Tensor> maxpool;
    private readonly Module<Tensor, Tensor> layer1;
    private readonly Module<Tensor, Tensor> layer2;
    private readonly Module<Tensor, Tensor> layer3;
    private readonly Module<Tensor, Tensor>? layer4;
    private readonly int[] channels;

    public ResNetEncoder3d(ModelSpec spec) : base("encoder")
    {
        bool bottleneck = spec.Block == "bottleneck";
        int expansion = bottleneck ? 4 : 1;
        conv1 = Layers.Conv(spec.InChannels, spec.StemChannels, spec.StemKernel, stride: 2);
        bn1 = Layers.NormLayer(spec, spec.StemChannels);
        relu = nn.ReLU();
        maxpool = new ProbedMaxPool3d(spec.StemChannels, 3, 2, 1); // torchvision's MaxPool3d(3, 2, 1), on verified faster kernels
        var chans = new List<int> { spec.StemChannels };
        int inplanes = spec.StemChannels;
        var stages = new Module<Tensor, Tensor>[4];
        int nStages = spec.Levels - 1;
        for (int s = 0; s < nStages; s++)
        {
            var blocks = new List<(string, Module<Tensor, Tensor>)>();
            int planes = spec.Widths[s];
            for (int b = 0; b < spec.Layers[s]; b++)
            {
                int stride = b == 0 && s > 0 ? 2 : 1;
                Module<Tensor, Tensor> block = bottleneck
                    ? new Bottleneck3d(spec, inplanes, planes, stride)
                    : new BasicBlock3d(spec, inplanes, planes, stride);
                blocks.Add((b.ToString(System.Globalization.CultureInfo.InvariantCulture), block));
                inplanes = planes * expansion;
            }
            stages[s] = nn.Sequential(blocks);
            chans.Add(inplanes);
        }
        layer1 = stages[0]; layer2 = stages[1]; layer3 = stages[2]; layer4 = nStages > 3 ? stages[3] : null;
        channels = chans.ToArray();
        RegisterComponents();
    }

    public override IReadOnlyList<int> Channels => channels;

    public override Tensor[] forward(Tensor x)
    {
        var f1 = relu.call(bn1.call(conv1.call(x)));
        var f2 = layer1.call(maxpool.call(f1));
        var f3 = layer2.call(f2);
        var f4 = layer3.call(f3);
        return layer4 is null ? [f1, f2, f3, f4] : [f1, f2, f3, f4, layer4.call(f4)];
    }
}

/// <summary>torchvision BasicBlock in 3D: 3³ conv, norm, ReLU, 3³ conv, norm, + shortcut, ReLU.</summary>
internal sealed class BasicBlock3d : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> conv1, bn1, conv2, bn2, relu;
    private readonly Module<Tensor, Tensor>? downsample;

    public BasicBlock3d(ModelSpec spec, int inplanes, int planes, int stride) : base(nameof(BasicBlock3d))
    {
        conv1 = Layers.Conv(inplanes, planes, 3, stride);
        bn1 = Layers.NormLayer(spec, planes);
        conv2 = Layers.Conv(planes, planes, 3);
        bn2 = Layers.NormLayer(spec, planes);
        relu = nn.ReLU();
        if (stride != 1 || inplanes != planes)
            downsample = nn.Sequential(("0", Layers.Conv(inplanes, planes, 1, stride)), ("1", Layers.NormLayer(spec, planes)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = bn2.call(conv2.call(relu.call(bn1.call(conv1.call(x)))));
        var identity = downsample is null ? x : downsample.call(x);
        return relu.call(y.add_(identity, TorchScalars.One));
    }
}

/// <summary>torchvision Bottleneck in 3D (ResNeXt when groups &gt; 1): 1³, grouped 3³ (stride), 1³ ×4, + shortcut.</summary>
internal sealed class Bottleneck3d : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> conv1, bn1, conv2, bn2, conv3, bn3, relu;
    private readonly Module<Tensor, Tensor>? downsample;

    public Bottleneck3d(ModelSpec spec, int inplanes, int planes, int stride) : base(nameof(Bottleneck3d))
    {
        int width = planes * spec.WidthPerGroup / 64 * spec.Groups;
        int outp = planes * 4;
        conv1 = Layers.Conv(inplanes, width, 1);
        bn1 = Layers.NormLayer(spec, width);
        conv2 = Layers.Conv(width, width, 3, stride, groups: spec.Groups);
        bn2 = Layers.NormLayer(spec, width);
        conv3 = Layers.Conv(width, outp, 1);
        bn3 = Layers.NormLayer(spec, outp);
        relu = nn.ReLU();
        if (stride != 1 || inplanes != outp)
            downsample = nn.Sequential(("0", Layers.Conv(inplanes, outp, 1, stride)), ("1", Layers.NormLayer(spec, outp)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = relu.call(bn1.call(conv1.call(x)));
        y = relu.call(bn2.call(conv2.call(y)));
        y = bn3.call(conv3.call(y));
        var identity = downsample is null ? x : downsample.call(x);
        return relu.call(y.add_(identity, TorchScalars.One));
    }
}
