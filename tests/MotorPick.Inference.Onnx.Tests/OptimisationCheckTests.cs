using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using MotorPick.Core.Machine;
using MotorPick.Formats.Geometry;
using MotorPick.Tests;

namespace MotorPick.Inference.Onnx.Tests;

/// <summary>ONNX Runtime's graph optimisations run only where they give the unoptimised graph's logits on this machine.</summary>
public class OptimisationCheckTests
{
    private static string Model => Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx");

    private static float[] Identity(float[] input, int batch, VolumeShape patch) => input.Take((int)(batch * patch.VoxelCount)).ToArray();

    [Fact]
    public void OptimisedGraphThatChangesTheLogitsIsRefused()
    {
        var verdict = OptimisationCheck.Compare((x, b, p) => Identity(x, b, p).Select(v => v * 1.01f).ToArray(), Identity, 1, new VolumeShape(4, 8, 8));
        Assert.False(verdict.Agrees);
        Assert.Equal(GraphOptimizationLevel.ORT_DISABLE_ALL, verdict.Level);
        Assert.Contains("of the largest logit", verdict.Detail);
    }

    [Fact]
    public void NaNFromTheOptimisedGraphIsRefused()
    {
        var verdict = OptimisationCheck.Compare((x, b, p) => Identity(x, b, p).Select(_ => float.NaN).ToArray(), Identity, 1, new VolumeShape(4, 8, 8));
        Assert.False(verdict.Agrees);
    }

    [Fact]
    public void NaNWhereThePlainGraphHasNaNTooIsNoDisagreement()
    {
        // a network with a NaN running variance gives NaN on both graphs: the optimisations changed nothing
        float[] WithNaN(float[] x, int b, VolumeShape p) => Identity(x, b, p).Select((v, i) => i % 7 == 0 ? float.NaN : v).ToArray();
        var verdict = OptimisationCheck.Compare(WithNaN, WithNaN, 1, new VolumeShape(4, 8, 8));
        Assert.True(verdict.Agrees, verdict.Detail);
        Assert.Equal(0, verdict.RelativeDifference);
    }

    [Fact]
    public void AVerdictWithAnInfiniteDifferenceIsCached()
    {
        using var cache = Fixtures.TempDir();
        using var _ = TestUserCache.Use(cache.Path);
        var failed = new OptimisationVerdict(false, double.PositiveInfinity, "the optimised graph failed: test");
        Assert.Equal(failed, OptimisationCheck.Cached(Model, new OnnxOptions { Threads = 1 }, () => failed));
        var cached = OptimisationCheck.Cached(Model, new OnnxOptions { Threads = 1 }, () => throw new InvalidOperationException("not cached"));
        Assert.True(cached.FromCache);
        Assert.Equal(double.PositiveInfinity, cached.RelativeDifference);
    }

    [Fact]
    public void FixtureModelIsCheckedOnceThenReadFromTheCache()
    {
        using var cache = Fixtures.TempDir();
        using var _ = TestUserCache.Use(cache.Path);
        using (var first = OnnxHeatmapModel.Load(Model, OnnxHeatmapModelTests.FixtureCard(), new OnnxOptions { Threads = 1 }))
        {
            Assert.True(first.Optimisation!.Agrees, first.Optimisation.Detail);
            Assert.False(first.Optimisation.FromCache);
            Assert.Equal(GraphOptimizationLevel.ORT_ENABLE_ALL, first.Level);
        }
        using var second = OnnxHeatmapModel.Load(Model, OnnxHeatmapModelTests.FixtureCard(), new OnnxOptions { Threads = 1 });
        Assert.True(second.Optimisation!.FromCache);
        Assert.Single(Directory.GetFiles(cache.Path, "*.json", SearchOption.AllDirectories));
    }

    [Fact]
    public void ADisagreementRunsTheModelUnoptimisedWithOneWarningAndTheSameLogits()
    {
        using var cache = Fixtures.TempDir();
        using var _ = TestUserCache.Use(cache.Path);
        var options = new OnnxOptions { Threads = 1 };
        OnnxHeatmapModel.Load(Model, OnnxHeatmapModelTests.FixtureCard(), options).Dispose();
        // as if the check had found a difference on this machine
        var entry = Assert.Single(Directory.GetFiles(cache.Path, "*.json", SearchOption.AllDirectories));
        File.WriteAllText(entry, JsonSerializer.Serialize(new OptimisationVerdict(false, 0.5, "one 1x16x32x32 window: largest difference 3")));

        var warnings = new List<string>();
        var old = EngineWarnings.Redirect(m => { lock (warnings) warnings.Add(m); });
        try
        {
            using var model = OnnxHeatmapModel.Load(Model, OnnxHeatmapModelTests.FixtureCard(), options);
            Assert.Equal(GraphOptimizationLevel.ORT_DISABLE_ALL, model.Level);
            var (_, input) = OnnxHeatmapModelTests.ReadNpy(Fixtures.Path("peer", "onnx", "input_1x1x16x32x32.npy"));
            var (_, expected) = OnnxHeatmapModelTests.ReadNpy(Fixtures.Path("peer", "onnx", "expected_logits.npy"));
            var logits = model.Forward(input, 1, new VolumeShape(16, 32, 32)).Logits;
            Assert.True(expected.Zip(logits).Max(t => Math.Abs(t.First - t.Second)) <= 1e-4);
        }
        finally
        {
            EngineWarnings.Redirect(old);
        }
        var line = Assert.Single(warnings, w => w.Contains(Model, StringComparison.Ordinal));
        Assert.Contains("running the model unoptimised", line);
    }
}

/// <summary>Points the user cache (an environment variable, process-wide) at a test's folder until disposed.</summary>
internal static class TestUserCache
{
    public static IDisposable Use(string dir)
    {
        var old = Environment.GetEnvironmentVariable("MOTORPICK_CACHE_DIR");
        Environment.SetEnvironmentVariable("MOTORPICK_CACHE_DIR", dir);
        return new Restore(() => Environment.SetEnvironmentVariable("MOTORPICK_CACHE_DIR", old));
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
