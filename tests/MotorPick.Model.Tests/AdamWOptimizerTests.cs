using MotorPick.Core;
using MotorPick.Model.Nn;
using MotorPick.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Tests;

/// <summary>MotorPick's held-scalar AdamW: the same updates as TorchSharp's (PyTorch's) AdamW, and a checkpointable state.</summary>
public class AdamWOptimizerTests
{
    private static HeatmapUNet3d Build(int seed)
    {
        manual_seed(seed);
        return new HeatmapUNet3d(ModelPresets.Get("tiny"));
    }

    private static void Train(HeatmapUNet3d model, Action zero, Action step, int steps)
    {
        manual_seed(11);
        model.train();
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            zero();
            var x = randint(0, 256, new long[] { 1, 1, 32, 64, 64 }).to_type(ScalarType.Float32);
            var y = rand(new long[] { 1, 1, 2, 4, 4 });
            nn.functional.binary_cross_entropy_with_logits(model.call(x), y).backward();
            step();
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void UpdatesEqualTorchSharpsAdamW(double weightDecay)
    {
        using var a = Build(5);
        using var b = Build(5);
        using var ours = new AdamWOptimizer(a.named_parameters(), 0.9, 0.999, 1e-7, weightDecay);
        using var theirs = optim.AdamW(b.parameters(), 2e-3, 0.9, 0.999, 1e-7, weightDecay);
        Train(a, ours.ZeroGrad, () => ours.Step(2e-3), 4);
        Train(b, theirs.zero_grad, () => theirs.step(), 4);
        var sa = a.state_dict();
        var sb = b.state_dict();
        foreach (var k in sb.Keys)
        {
            var diff = (sa[k].to_type(ScalarType.Float64) - sb[k].to_type(ScalarType.Float64)).abs().max().item<double>();
            Assert.True(diff == 0, $"{k} differs after 4 steps by {diff}");
        }
    }

    [Fact]
    public void SavedStateResumesTheSameUpdates()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adamw-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var a = Build(7);
            using var opt = new AdamWOptimizer(a.named_parameters(), weightDecay: 0.01);
            Train(a, opt.ZeroGrad, () => opt.Step(1e-3), 2);
            opt.Save(path);
            using var b = Build(8);
            using (no_grad())
                foreach (var (k, t) in a.state_dict()) b.state_dict()[k].copy_(t);
            using var opt2 = new AdamWOptimizer(b.named_parameters(), weightDecay: 0.01);
            opt2.Load(path);
            Train(a, opt.ZeroGrad, () => opt.Step(1e-3), 2);
            Train(b, opt2.ZeroGrad, () => opt2.Step(1e-3), 2);
            foreach (var (k, t) in a.state_dict())
                Assert.True(t.eq(b.state_dict()[k]).all().item<bool>(), $"{k} differs after resuming");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void StateOfAnotherModelIsRejectedNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adamw-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var tiny = Build(1);
            using var opt = new AdamWOptimizer(tiny.named_parameters());
            opt.Save(path);
            using var small = new HeatmapUNet3d(ModelPresets.Get("small"));
            using var other = new AdamWOptimizer(small.named_parameters());
            var ex = Assert.Throws<MotorPickException>(() => other.Load(path));
            Assert.Contains(path, ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
