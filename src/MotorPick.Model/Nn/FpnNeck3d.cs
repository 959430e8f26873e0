using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MotorPick.Model.Nn;

/// <summary>
/// The reference's simple FPN neck: every level (optionally projected by a 1³ conv + norm + ReLU to a common width)
/// is brought to the output stride — finer levels by average pooling, coarser ones by trilinear upsampling — and the
/// levels are concatenated along channels. Names: <c>neck.lateral.I.conv</c>, <c>neck.lateral.I.norm</c>.
/// </summary>
public sealed class FpnNeck3d : Module<Tensor[], Tensor>
{
    private readonly ModuleList<Module<Tensor, Tensor>>? lateral;
    private readonly int[] strides;
    private readonly int outputStride;

    public FpnNeck3d(ModelSpec spec, IReadOnlyList<int> inChannels, IReadOnlyList<int> levelStrides) : base("neck")
    {
        strides = levelStrides.ToArray();
        outputStride = spec.OutputStride;
        if (spec.NeckChannels is int c)
        {
            lateral = nn.ModuleList(inChannels.Select(cin => (Module<Tensor, Tensor>)nn.Sequential(
                ("conv", Layers.Conv(cin, c, 1)), ("norm", Layers.NormLayer(spec, c)), ("act", nn.ReLU(inplace: true)))).ToArray());
            OutChannels = c * inChannels.Count;
        }
        else
        {
            OutChannels = inChannels.Sum();
        }
        RegisterComponents();
    }

    public int OutChannels { get; }

    /// <summary>Stride of each input level, and the stride every level is brought to.</summary>
    public IReadOnlyList<int> LevelStrides => strides;
    public int OutputStride => outputStride;

    public override Tensor forward(Tensor[] features)
    {
        // the target grid is the size of the input divided by the output stride (taken from the finest level)
        var f0 = features[0].shape;
        int r0 = outputStride / strides[0];
        var size = new long[] { f0[2] / r0, f0[3] / r0, f0[4] / r0 };
        var parts = new Tensor[features.Length];
        for (int i = 0; i < features.Length; i++)
        {
            var f = lateral is null ? features[i] : lateral[i].call(features[i]);
            if (strides[i] < outputStride)
            {
                long k = outputStride / strides[i];
                f = functional.avg_pool3d(f, [k, k, k], [k, k, k]);
            }
            else if (strides[i] > outputStride)
            {
                f = functional.interpolate(f, size: size, mode: InterpolationMode.Trilinear, align_corners: false);
            }
            parts[i] = f;
        }
        return torch.cat(parts, 1);
    }
}
