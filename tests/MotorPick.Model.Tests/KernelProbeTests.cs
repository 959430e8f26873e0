using MotorPick.Model.Nn;
using MotorPick.Model.Nn.Kernels;
using MotorPick.Model.Training;
using MotorPick.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Tests;

/// <summary>The kernel probe takes a faster path only where it agrees with plain libtorch on this machine, and says so when not.</summary>
public class KernelProbeTests
{
    private static ConvSignature Depthwise(long c = 16, ScalarType type = ScalarType.Float32) =>
        new(c, c, (3, 3, 3), (1, 1, 1), (1, 1, 1), c, false, type, DeviceType.CPU);

    private static ConvSignature Dense(long cin = 8, long cout = 16) =>
        new(cin, cout, (3, 3, 3), (1, 1, 1), (1, 1, 1), 1, true, ScalarType.Float32, DeviceType.CPU);

    /// <summary>
    /// Channels-last depthwise convolutions as the AVX-512 defect computes them: the right forward values and weight
    /// gradients, a wrong input gradient (here half of it), on every machine.
    /// </summary>
    private static Tensor WrongDepthwiseBackward(Tensor x, Tensor w, Tensor? b, ConvSignature s, KernelChoice choice)
    {
        if (!choice.ChannelsLast || !s.IsDepthwise) return FastKernels.Conv(x, w, b, s, choice);
        using var half = 0.5.ToScalar();
        var halfGradient = x.mul(half).add_(x.detach().mul(half)); // equals x, passes back half the gradient
        return FastKernels.Conv(halfGradient, w, b, s, choice);
    }

    [Fact]
    public void ConvolutionWhoseFastPathDisagreesFallsBackToThePlainPathAndWarnsOnce()
    {
        var warnings = new List<string>();
        var probe = new KernelProbe(conv: WrongDepthwiseBackward, warn: warnings.Add);

        var verdict = probe.Choose(Depthwise());
        Assert.True(verdict.FellBack);
        Assert.False(verdict.Choice.ChannelsLast);
        Assert.Equal(ScalarType.Float32, verdict.Choice.ComputeType);
        var line = Assert.Single(warnings);
        Assert.Contains("depthwise conv3d 16->16 k3 s1 p1", line);
        Assert.Contains("plain float32 path", line);
        Assert.Contains("input gradient off by", line);

        probe.Choose(Depthwise());                      // cached: no second probe, no second warning
        Assert.Single(warnings);
        Assert.False(probe.Choose(Dense()).FellBack);   // other signatures keep their fast path
        Assert.True(probe.Choose(Dense()).Choice.ChannelsLast);
        Assert.Single(warnings);
    }

    [Fact]
    public void AFastPathThatLosesTheInputGradientFallsBack()
    {
        var warnings = new List<string>();
        var probe = new KernelProbe(conv: (x, w, b, s, c) => FastKernels.Conv(c.ChannelsLast ? x.detach() : x, w, b, s, c), warn: warnings.Add);
        Assert.True(probe.Choose(Depthwise()).FellBack);
        Assert.Contains("input gradient missing", Assert.Single(warnings));
    }

    [Fact]
    public void ConvolutionRunsThePathTheProbeChose()
    {
        var probe = new KernelProbe(conv: WrongDepthwiseBackward, warn: _ => { });
        var s = Depthwise();
        manual_seed(3);
        using var x = randn(new long[] { 2, 16, 6, 7, 8 }).requires_grad_(true);
        using var x2 = x.detach().clone().requires_grad_(true);
        using var w = randn(new long[] { 16, 1, 3, 3, 3 });
        probe.Conv(x, w, null, s).square().sum().backward();
        FastKernels.Plain(x2, w, null, s).square().sum().backward();
        Assert.True(x.grad!.allclose(x2.grad!, rtol: 1e-4, atol: 1e-4), "the disagreeing path was used");
    }

    [Fact]
    public void PoolingWhoseFastPathDisagreesFallsBack()
    {
        var warnings = new List<string>();
        var probe = new KernelProbe(pool: (x, s, choice) => choice.ChannelsLast ? FastKernels.MaxPool(x, s, choice).neg() : FastKernels.MaxPool(x, s, choice), warn: warnings.Add);
        var verdict = probe.Choose(new PoolSignature(8, 3, 2, 1, DeviceType.CPU));
        Assert.True(verdict.FellBack);
        Assert.False(verdict.Choice.ChannelsLast);
        Assert.Contains("max_pool3d 8ch k3 s2 p1", Assert.Single(warnings));
    }

    [Fact]
    public void ReducedPrecisionThatDisagreesWithFloat32RunsInFloat32()
    {
        var warnings = new List<string>();
        // a float16 convolution that returns garbage on every layout, as bf16 convolutions did on libtorch 2.10's CPU
        ConvKernel broken = (x, w, b, s, choice) =>
            choice.ComputeType == ScalarType.Float16 ? FastKernels.Conv(x, w, b, s, choice).add(1.0) : FastKernels.Conv(x, w, b, s, choice);
        var probe = new KernelProbe(conv: broken, warn: warnings.Add);
        var verdict = probe.Choose(Dense(8, 8) with { ComputeType = ScalarType.Float16 });
        Assert.Equal(new KernelChoice(false, ScalarType.Float32), verdict.Choice);
        Assert.Contains("plain float32 path", Assert.Single(warnings));
    }

    [Fact]
    public void CorrectFastPathsAreKeptWithoutWarning()
    {
        var warnings = new List<string>();
        var probe = new KernelProbe(warn: warnings.Add);
        var verdict = probe.Choose(Dense());
        Assert.True(verdict.Choice.ChannelsLast);
        Assert.False(verdict.FellBack);
        Assert.Empty(warnings);
        // a 1-channel input has no faster path to verify
        Assert.Equal(0, probe.Choose(Dense(1, 8)).Milliseconds);
    }

    [Fact]
    public void PlainOnlyProbeNeverTakesTheFastPath()
    {
        var verdict = KernelProbe.PlainOnly.Choose(Dense());
        Assert.Equal(new KernelChoice(false, ScalarType.Float32), verdict.Choice);
        Assert.False(verdict.FellBack);
    }

    [Fact]
    public void ProbingDrawsNothingFromTheGlobalGenerator()
    {
        manual_seed(11);
        using var before = randn(new long[] { 8 });
        manual_seed(11);
        new KernelProbe(warn: _ => { }).Choose(Depthwise(24));
        using var after = randn(new long[] { 8 });
        Assert.True(before.eq(after).all().item<bool>(), "the probe consumed random numbers of the seeded run");
    }

    [Fact]
    public void ProbingWorksInsideInferenceModeAndNoGrad()
    {
        var probe = new KernelProbe(warn: _ => { });
        using (inference_mode()) Assert.False(probe.Choose(Depthwise(8)).FellBack && probe.Choose(Depthwise(8)).Choice.ChannelsLast);
        using (no_grad()) probe.Choose(Dense(4, 4));
        Assert.Equal(2, probe.Verdicts.Count);
        Assert.True(is_grad_enabled());
    }

    [Fact]
    public void ModelVerificationCoversEveryDistinctSignatureOfX3d()
    {
        using var model = new HeatmapUNet3d(ModelPresets.Get("x3d-tiny"));
        var probe = new KernelProbe(conv: WrongDepthwiseBackward, warn: _ => { });
        model.UseKernelProbe(probe);
        var verdicts = model.VerifyKernels(DeviceType.CPU);
        Assert.Equal(verdicts.Count, verdicts.Select(v => v.Signature).Distinct().Count());
        var depthwise = verdicts.Where(v => v.Signature is ConvSignature { IsDepthwise: true }).ToList();
        Assert.NotEmpty(depthwise);
        Assert.All(depthwise, v => Assert.True(v.FellBack, v.Signature.Describe()));
        Assert.Contains(verdicts, v => v.Choice.ChannelsLast); // dense convolutions keep the fast path
    }

    [Fact]
    public void X3dTinyTrainsTheSameLossesWithFastPathsOnOffAndBroken()
    {
        var opts = TrainingFixtures.Options(3) with { Preset = "x3d-tiny", ValInterval = 0 };
        double[] Losses(KernelProbe probe)
        {
            using var dir = Fixtures.TempDir();
            new Trainer(opts, TrainingFixtures.Data(), dir.Path) { KernelProbe = probe }.Run();
            return TrainingFixtures.Losses(dir.Path);
        }
        var plain = Losses(KernelProbe.PlainOnly);
        var fast = Losses(new KernelProbe(warn: _ => { }));
        var broken = Losses(new KernelProbe(conv: WrongDepthwiseBackward, warn: _ => { }));
        Assert.Equal(3, plain.Length);
        for (int i = 0; i < plain.Length; i++)
        {
            Assert.True(Math.Abs(fast[i] - plain[i]) <= 1e-4 * Math.Abs(plain[i]), $"step {i + 1}: fast {fast[i]} against plain {plain[i]}");
            Assert.True(Math.Abs(broken[i] - plain[i]) <= 1e-4 * Math.Abs(plain[i]), $"step {i + 1}: with a broken fast path {broken[i]} against plain {plain[i]}");
        }
    }
}
