namespace MotorPick.Model.Nn;

/// <summary>
/// Named model sizes, from <c>tiny</c> (trains on 2 CPU cores in minutes) to the reference's <c>x3d-m</c>,
/// <c>resnext50</c> and the round-2 encoders <c>resnet101</c> and <c>convnext-tiny-2.5d</c>. Reference-sized presets take 3
/// input channels with the reference's normalisation so that pretrained 3-channel stems can be imported; the small ones
/// take 1 channel. A <c>-mini</c> preset is a CPU-sized network of the same blocks and parameter names as the preset it
/// is named after (fewer blocks and channels), for tests and the demo; it is not that network.
/// </summary>
public static class ModelPresets
{
    /// <summary>X3D normalisation: (x - 114.75) / 57.375 = (x/255 - 0.45) / 0.225.</summary>
    public static readonly double[] X3dMean = [114.75], X3dStd = [57.375];

    /// <summary>ImageNet mean and std × 255 (smp encoders).</summary>
    public static readonly double[] ImageNetMean = [0.485 * 255, 0.456 * 255, 0.406 * 255], ImageNetStd = [0.229 * 255, 0.224 * 255, 0.225 * 255];

    private static readonly ModelSpec Small1Ch = new() { InChannels = 1, InputMean = X3dMean, InputStd = X3dStd };

    private static ModelSpec ImageNet3(ModelSpec s) => s with { InChannels = 3, InputMean = ImageNetMean, InputStd = ImageNetStd };

    private static ModelSpec X3d3(ModelSpec s) => s with { InChannels = 3, InputMean = [.. X3dMean, .. X3dMean, .. X3dMean], InputStd = [.. X3dStd, .. X3dStd, .. X3dStd] };

    private static readonly Dictionary<string, ModelSpec> Specs = new(StringComparer.Ordinal)
    {
        ["tiny"] = Small1Ch with { Preset = "tiny", Encoder = "resnet", Block = "basic", Layers = [1, 1, 1, 1], Widths = [8, 16, 32, 64], StemChannels = 8, StemKernel = 5, NeckChannels = 8, DecoderChannels = 16 },
        ["small"] = Small1Ch with { Preset = "small", Encoder = "resnet", Block = "basic", Layers = [1, 1, 2, 1], Widths = [16, 32, 64, 128], StemChannels = 16, StemKernel = 5, NeckChannels = 16, DecoderChannels = 32 },
        ["x3d-tiny"] = Small1Ch with { Preset = "x3d-tiny", Encoder = "x3d", Layers = [1, 2, 2, 1], Widths = [12, 24, 48, 96], StemChannels = 12, NeckChannels = 16, DecoderChannels = 32 },
        ["resnet101-mini"] = Small1Ch with { Preset = "resnet101-mini", Encoder = "resnet", Block = "bottleneck", Layers = [1, 1, 2, 1], Widths = [8, 16, 32, 64], StemChannels = 8, StemKernel = 5, NeckChannels = 8, DecoderChannels = 16 },
        ["convnext-2.5d-mini"] = ImageNet3(new ModelSpec { Preset = "convnext-2.5d-mini", Encoder = "convnext2.5d", Layers = [1, 1, 2, 1], Widths = [16, 32, 64, 128], StemChannels = 16, NeckChannels = 8, DecoderChannels = 16 }),
        ["resnet18"] = ImageNet3(new ModelSpec { Preset = "resnet18", Encoder = "resnet", Block = "basic", Layers = [2, 2, 2, 2], Widths = [64, 128, 256, 512], StemChannels = 64, NeckChannels = 32, DecoderChannels = 64 }),
        ["resnet34"] = ImageNet3(new ModelSpec { Preset = "resnet34", Encoder = "resnet", Block = "basic", Layers = [3, 4, 6, 3], Widths = [64, 128, 256, 512], StemChannels = 64, NeckChannels = 32, DecoderChannels = 64 }),
        ["resnet50"] = ImageNet3(new ModelSpec { Preset = "resnet50", Encoder = "resnet", Block = "bottleneck", Layers = [3, 4, 6, 3], Widths = [64, 128, 256, 512], StemChannels = 64, NeckChannels = 32, DecoderChannels = 64 }),
        ["resnext50"] = ImageNet3(new ModelSpec { Preset = "resnext50", Encoder = "resnet", Block = "bottleneck", Layers = [3, 4, 6, 3], Widths = [64, 128, 256, 512], StemChannels = 64, Groups = 32, WidthPerGroup = 4, NeckChannels = 32, DecoderChannels = 64 }),
        ["x3d-m"] = X3d3(new ModelSpec { Preset = "x3d-m", Encoder = "x3d", Layers = [3, 5, 11, 7], Widths = [24, 48, 96, 192], StemChannels = 24, NeckChannels = null, DecoderChannels = 64 }),
        ["resnet101"] = ImageNet3(new ModelSpec { Preset = "resnet101", Encoder = "resnet", Block = "bottleneck", Layers = [3, 4, 23, 3], Widths = [64, 128, 256, 512], StemChannels = 64, NeckChannels = 32, DecoderChannels = 64 }),
        // timm convnext_tiny: depths 3-3-9-3, dims 96-192-384-768; 3 consecutive slices as the RGB of its ImageNet stem
        ["convnext-tiny-2.5d"] = ImageNet3(new ModelSpec { Preset = "convnext-tiny-2.5d", Encoder = "convnext2.5d", Layers = [3, 3, 9, 3], Widths = [96, 192, 384, 768], StemChannels = 96, NeckChannels = 32, DecoderChannels = 64 }),
        ["x3d-l"] = X3d3(new ModelSpec { Preset = "x3d-l", Encoder = "x3d", Layers = [5, 10, 25, 15], Widths = [24, 48, 96, 192], StemChannels = 24, NeckChannels = null, DecoderChannels = 64 }),
    };

    /// <summary>Preset names, smallest first.</summary>
    public static IReadOnlyList<string> Names => Specs.Keys.ToArray();

    /// <summary>The spec of preset <paramref name="name"/> (output stride 16 by default).</summary>
    public static ModelSpec Get(string name, int? outputStride = null)
    {
        if (!Specs.TryGetValue(name, out var spec))
            throw new Core.MotorPickException($"unknown model preset '{name}': expected one of {string.Join(", ", Specs.Keys)}", field: "preset");
        return outputStride is int s ? spec with { OutputStride = s } : spec;
    }

    /// <summary>Every preset with its parameter count (builds each network once on the CPU).</summary>
    public static IEnumerable<(ModelSpec Spec, long Parameters)> Describe(int outputStride = 16)
    {
        foreach (var name in Names)
        {
            var spec = Get(name, outputStride);
            using var model = new HeatmapUNet3d(spec);
            yield return (spec, model.ParameterCount());
        }
    }
}
