using System.Text.Json.Serialization;

namespace MotorPick.Model.Nn;

/// <summary>
/// Everything needed to build a <see cref="HeatmapUNet3d"/>: the encoder family and its sizes, the neck, the
/// decoder, the output stride and the input normalisation. Stored in the model card, so a checkpoint rebuilds
/// its network without any other file.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>The preset this spec came from ("custom" when edited by hand).</summary>
    public string Preset { get; init; } = "custom";

    /// <summary>"resnet" (ResNet/ResNeXt, torchvision naming), "x3d" (X3D, pytorchvideo-like naming) or "convnext2.5d"
    /// (timm's ConvNeXt over groups of slices, see <see cref="ConvNeXtEncoder2p5d"/>).</summary>
    public string Encoder { get; init; } = "resnet";

    /// <summary>Input channels of the first convolution; the 1-channel input is repeated to this many.</summary>
    public int InChannels { get; init; } = 1;

    /// <summary>Per-channel mean and std in raw uint8 units: the model computes <c>(x - mean) / std</c> itself.</summary>
    public double[] InputMean { get; init; } = [114.75];

    public double[] InputStd { get; init; } = [57.375];

    /// <summary>"batch" (BatchNorm3d) or "group" (GroupNorm with <see cref="NormGroups"/> groups).</summary>
    public string Norm { get; init; } = "batch";

    public int NormGroups { get; init; } = 8;

    // ---- ResNet / ResNeXt ----
    /// <summary>"basic" (2 × 3³) or "bottleneck" (1³ → 3³ grouped → 1³, expansion 4).</summary>
    public string Block { get; init; } = "basic";

    /// <summary>Blocks per stage (stages at strides 4, 8, 16, 32); X3D and ConvNeXt: blocks per stage too (ConvNeXt's depths).</summary>
    public int[] Layers { get; init; } = [1, 1, 1, 1];

    /// <summary>Stage widths ("planes"; bottleneck outputs are 4× this); X3D: stage output channels; ConvNeXt: its dims.</summary>
    public int[] Widths { get; init; } = [16, 32, 64, 128];

    public int StemChannels { get; init; } = 16;

    /// <summary>Stem kernel (ResNet: 7; X3D uses its factorised 1×3×3 + 5×1×1 stem).</summary>
    public int StemKernel { get; init; } = 7;

    /// <summary>ResNeXt cardinality and width per group (ResNeXt50_32x4d: 32 and 4; ResNet: 1 and 64).</summary>
    public int Groups { get; init; } = 1;

    public int WidthPerGroup { get; init; } = 64;

    // ---- X3D ----
    /// <summary>X3D bottleneck expansion (inner = round(width × expansion)).</summary>
    public double Expansion { get; init; } = 2.25;

    /// <summary>Squeeze-excitation ratio (on every other block, as in X3D); 0 disables it.</summary>
    public double SeRatio { get; init; } = 0.0625;

    // ---- neck, decoder, head ----
    /// <summary>Feature levels fed to the neck: 5 = strides 2..32, 4 = strides 2..16 (the stride-32 stage is not built).</summary>
    public int Levels { get; init; } = 5;

    /// <summary>Channels each level is projected to before concatenation; null = concatenate raw features.</summary>
    public int? NeckChannels { get; init; } = 16;

    public int DecoderChannels { get; init; } = 32;

    public int DecoderBlocks { get; init; } = 1;

    /// <summary>Heatmap stride: 16 (default), 8 or 4.</summary>
    public int OutputStride { get; init; } = 16;

    /// <summary>How a 2.5D encoder groups slices into the channels of its 2D images (written to the model card); null for 3D encoders.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SliceGrouping => Encoder == "convnext2.5d"
        ? $"2.5D: one 2D image every {ConvNeXtEncoder2p5d.SliceStride} slices; image i holds the {InChannels} consecutive slices " +
          $"{ConvNeXtEncoder2p5d.SliceStride}i..{ConvNeXtEncoder2p5d.SliceStride}i+{InChannels - 1} as its channels; the 2D features of " +
          $"stride s are stacked along z and average-pooled along z by s/{ConvNeXtEncoder2p5d.SliceStride} into a 3D map of stride s"
        : null;

    /// <summary>The largest stride of a feature level: patch sizes must be multiples of it.</summary>
    [JsonIgnore]
    public int MaxStride => 1 << Levels;

    /// <summary>Checks the combination and throws a MotorPickException naming the bad field.</summary>
    public void Validate()
    {
        void Fail(string field, string msg) => throw new Core.MotorPickException(msg, field: field);
        if (Encoder is not ("resnet" or "x3d" or "convnext2.5d")) Fail("encoder", $"unknown encoder '{Encoder}': expected resnet, x3d or convnext2.5d");
        if (Encoder == "convnext2.5d" && InChannels > ConvNeXtEncoder2p5d.SliceStride)
            Fail("in_channels", $"the 2.5D encoder takes at most {ConvNeXtEncoder2p5d.SliceStride} slices per image (one image every {ConvNeXtEncoder2p5d.SliceStride} slices), got in_channels {InChannels}");
        if (Norm is not ("batch" or "group")) Fail("norm", $"unknown norm '{Norm}': expected batch or group");
        if (Block is not ("basic" or "bottleneck")) Fail("block", $"unknown block '{Block}': expected basic or bottleneck");
        if (Levels is < 4 or > 5) Fail("levels", $"levels must be 4 or 5, got {Levels}");
        if (Layers.Length != 4 || Widths.Length != 4) Fail("layers", "layers and widths need 4 entries (stages at strides 4, 8, 16, 32)");
        if (Layers.Any(l => l < 1) || Widths.Any(w => w < 1)) Fail("layers", "every stage needs at least one block and one channel");
        if (OutputStride is not (4 or 8 or 16)) Fail("output_stride", $"output stride must be 4, 8 or 16, got {OutputStride}");
        if (OutputStride > MaxStride) Fail("output_stride", $"output stride {OutputStride} exceeds the deepest level's stride {MaxStride}");
        if (InChannels < 1 || InputMean.Length != InChannels || InputStd.Length != InChannels)
            Fail("input_mean", $"input_mean and input_std need {InChannels} entries (one per input channel)");
        if (InputStd.Any(s => !(s > 0))) Fail("input_std", "input_std must be positive");
        if (Norm == "group" && NormGroups < 1) Fail("norm_groups", "norm_groups must be positive");
        if (DecoderChannels < 1 || DecoderBlocks < 0) Fail("decoder_channels", "decoder channels must be positive and blocks non-negative");
    }
}
