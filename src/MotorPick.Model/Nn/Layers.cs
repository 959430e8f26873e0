using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MotorPick.Model.Nn;

/// <summary>Small factories shared by the encoders (convolutions without bias before a norm, on channels-last kernels; the chosen norm).</summary>
internal static class Layers
{
    public static Module<Tensor, Tensor> Conv(long cin, long cout, long k, long stride = 1, long groups = 1, bool bias = false) =>
        new ChannelsLastConv3d(cin, cout, (k, k, k), (stride, stride, stride), (k / 2, k / 2, k / 2), groups, bias);

    public static Module<Tensor, Tensor> Conv((long, long, long) k, long cin, long cout, (long, long, long) stride, long groups = 1, bool bias = false) =>
        new ChannelsLastConv3d(cin, cout, k, stride, (k.Item1 / 2, k.Item2 / 2, k.Item3 / 2), groups, bias);

    public static Module<Tensor, Tensor> NormLayer(ModelSpec spec, long channels) =>
        spec.Norm == "group" ? Norm.GroupNorm(Math.Min(spec.NormGroups, channels) is var g && channels % g == 0 ? g : 1, channels) : Norm.BatchNorm3d(channels);
}
