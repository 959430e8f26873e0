using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MotorPick.Model.Nn;

/// <summary>
/// A 3D encoder: returns one feature map per level, level i at stride 2^(i+1) on every axis (depth is downsampled
/// with the spatial axes), so 5 levels cover strides 2..32; an encoder without a stride-2 level (ConvNeXt) returns
/// strides 4..32 and says so in <see cref="Strides"/>.
/// </summary>
public abstract class Encoder3d(string name) : Module<Tensor, Tensor[]>(name)
{
    /// <summary>Channels of each returned level.</summary>
    public abstract IReadOnlyList<int> Channels { get; }

    /// <summary>Stride of each returned level (2, 4, ... unless the encoder says otherwise).</summary>
    public virtual IReadOnlyList<int> Strides => Enumerable.Range(1, Channels.Count).Select(i => 1 << i).ToArray();

    public static Encoder3d Create(ModelSpec spec) => spec.Encoder switch
    {
        "resnet" => new ResNetEncoder3d(spec),
        "x3d" => new X3dEncoder3d(spec),
        "convnext2.5d" => new ConvNeXtEncoder2p5d(spec),
        _ => throw new Core.MotorPickException($"unknown encoder '{spec.Encoder}'", field: "encoder"),
    };
}
