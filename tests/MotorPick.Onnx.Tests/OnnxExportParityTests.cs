using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MotorPick.Model.Export;
using MotorPick.Model.Nn;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MotorPick.Onnx.Tests;

/// <summary>
/// Every preset exported to ONNX gives TorchSharp's eval-mode logits in ONNX Runtime (full graph optimisation, as
/// predict runs it) within 1e-4 of the largest logit, at two input sizes and batch sizes (the axes are dynamic).
/// Norm statistics and affine parameters are randomised first, so that folding them into the convolutions is tested.
/// </summary>
public class OnnxExportParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Presets => new(ModelPresets.Names);

    [Theory]
    [MemberData(nameof(Presets))]
    public void Preset_logits_match_TorchSharp(string preset) => AssertParity(ModelPresets.Get(preset));

    [Fact]
    public void Group_norm_output_stride_4_and_four_levels_match_TorchSharp()
    {
        AssertParity(ModelPresets.Get("tiny", 4) with { Norm = "group", NormGroups = 4 });
        AssertParity(ModelPresets.Get("x3d-tiny", 8) with { Levels = 4, NeckChannels = null });
    }

    [Fact]
    public void ConvNeXt_2_5d_at_output_stride_4_and_8_with_four_levels_matches_TorchSharp()
    {
        AssertParity(ModelPresets.Get("convnext-2.5d-mini", 4) with { Levels = 4 });
        AssertParity(ModelPresets.Get("convnext-2.5d-mini", 8) with { NeckChannels = null, Norm = "group", NormGroups = 4 });
    }

    private void AssertParity(ModelSpec spec)
    {
        manual_seed(11);
        using var model = new HeatmapUNet3d(spec);
        // the plain contiguous kernels are the reference the fast ones are probed against; probing costs seconds per preset
        model.UseKernelProbe(MotorPick.Model.Nn.Kernels.KernelProbe.PlainOnly);
        Randomise(model);
        model.eval();
        var bytes = OnnxExport.Build(model).ToBytes();
        using var session = new InferenceSession(bytes);
        var rng = new Random(5);
        foreach (var (n, d, h, w) in new[] { (1, 32, 64, 64), (2, 64, 32, 32) })
        {
            var input = new float[n * d * h * w];
            for (int i = 0; i < input.Length; i++) input[i] = rng.Next(256);
            float[] want;
            long[] wantShape;
            using (no_grad())
            using (var x = tensor(input, [n, 1, d, h, w]))
            using (var y = model.call(x))
            {
                want = y.data<float>().ToArray();
                wantShape = y.shape;
            }
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(input, [n, 1, d, h, w]))]);
            var got = results.Single(r => r.Name == "logits").AsTensor<float>();
            Assert.Equal(wantShape, got.Dimensions.ToArray().Select(v => (long)v));
            var gotValues = got.ToArray();
            double scale = Math.Max(1, want.Max(v => Math.Abs(v)));
            double diff = want.Zip(gotValues).Max(p => Math.Abs(p.First - p.Second));
            output.WriteLine($"{spec.Preset} (norm {spec.Norm}, stride {spec.OutputStride}, levels {spec.Levels}) {n}x1x{d}x{h}x{w}: " +
                $"max |logit| {want.Max(v => Math.Abs(v)):g4}, max difference {diff:g3} ({diff / scale:g3} relative)");
            Assert.True(diff <= Tolerance * scale, $"{spec.Preset} at {n}x1x{d}x{h}x{w}: ONNX differs from TorchSharp by {diff:g4} (max |logit| {scale:g4})");
        }
    }

    /// <summary>
    /// Non-trivial running statistics and affine parameters (a fresh norm is the identity in eval mode), layer scales of
    /// order 1 (ConvNeXt starts them at 1e-6, which would hide its blocks from the comparison), and a zero head bias so
    /// that the logits are the network's response, not the prior the untrained head starts from.
    /// </summary>
    private static void Randomise(HeatmapUNet3d model)
    {
        using var _ = no_grad();
        model.named_parameters().Single(p => p.name == "head.bias").parameter.zero_();
        foreach (var (name, p) in model.named_parameters().Where(p => p.name.EndsWith(".gamma", StringComparison.Ordinal)))
            p.copy_(0.5 + 0.5 * rand(p.shape));
        foreach (var m in model.modules())
        {
            if (m is not (HeldBatchNorm3d or GroupNorm or ChannelLayerNorm)) continue;
            foreach (var (name, p) in m.named_parameters(recurse: false))
                p.copy_(name == "weight" ? 1 + 0.2 * randn(p.shape) : 0.2 * randn(p.shape));
            foreach (var (name, b) in m.named_buffers(recurse: false))
            {
                if (name == "running_mean") b.copy_(0.2 * randn(b.shape));
                else if (name == "running_var") b.copy_(0.75 + 0.5 * rand(b.shape));
            }
        }
    }
}
