using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Inference.Aggregation;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Inference.Tests.Aggregation;

public class HeatmapAccumulatorTests
{
    private static readonly VolumeShape Volume = new(20, 37, 29);
    private static readonly VolumeShape Patch = new(8, 16, 16);

    private static float[] Constant(VolumeShape s, float v) => Enumerable.Repeat(v, (int)s.VoxelCount).ToArray();

    [Fact]
    public void AverageOfConstantLogitsIsItsSigmoid()
    {
        var grid = new HeatmapGrid(Volume, 4, Patch);
        var acc = new HeatmapAccumulator(grid, AggregateValue.Logits, HeatmapPrecision.Single);
        var hmShape = new VolumeShape(2, 4, 4); // model stride 4: the patch heatmap is already P = (2, 4, 4)
        Assert.Equal(hmShape, grid.PatchHeatmap);
        foreach (var w in SlidingWindow.Plan(Volume, Patch)) acc.Add(Constant(hmShape, 1.5f), hmShape, w, 0.75f);
        Assert.All(acc.Finish(), v => Assert.Equal(HeatmapAccumulator.Sigmoid(1.5f), v, 6));
    }

    [Fact]
    public void WeightsAverageTwoModels()
    {
        var grid = new HeatmapGrid(Volume, 4, Patch);
        var acc = new HeatmapAccumulator(grid, AggregateValue.Logits, HeatmapPrecision.Single);
        var s = grid.PatchHeatmap;
        foreach (var w in SlidingWindow.Plan(Volume, Patch))
        {
            acc.Add(Constant(s, 2f), s, w, 1f);
            acc.Add(Constant(s, -1f), s, w, 0.5f);
        }
        // (2 * 1 - 1 * 0.5) / 1.5 = 1
        Assert.All(acc.Finish(), v => Assert.Equal(HeatmapAccumulator.Sigmoid(1f), v, 6));
    }

    [Fact]
    public void ProbabilityModeAveragesSigmoids()
    {
        var grid = new HeatmapGrid(Volume, 4, Patch);
        var acc = new HeatmapAccumulator(grid, AggregateValue.Probabilities, HeatmapPrecision.Single);
        var s = grid.PatchHeatmap;
        foreach (var w in SlidingWindow.Plan(Volume, Patch))
        {
            acc.Add(Constant(s, 0f), s, w, 1f);
            acc.Add(Constant(s, float.NaN), s, w, 1f); // NaN probability counts as 0
        }
        Assert.All(acc.Finish(), v => Assert.Equal(0.25f, v, 6));
    }

    [Fact]
    public void CoarserModelOutputIsResizedToThePatchHeatmap()
    {
        var grid = new HeatmapGrid(Volume, 4, Patch);
        var acc = new HeatmapAccumulator(grid, AggregateValue.Logits, HeatmapPrecision.Half);
        var coarse = new VolumeShape(1, 2, 2); // stride 8 model output
        foreach (var w in SlidingWindow.Plan(Volume, Patch)) acc.Add(Constant(coarse, 0.3f), coarse, w, 1f);
        var expected = (float)(Half)HeatmapAccumulator.Sigmoid((float)(Half)0.3f);
        Assert.All(acc.Finish(), v => Assert.Equal(expected, v));
    }

    [Fact]
    public void HalfPrecisionRoundsTheBuffers()
    {
        var grid = new HeatmapGrid(new VolumeShape(8, 16, 16), 4, Patch);
        var acc = new HeatmapAccumulator(grid, AggregateValue.Logits, HeatmapPrecision.Half);
        var s = grid.PatchHeatmap;
        var w = Assert.Single(SlidingWindow.Plan(new VolumeShape(8, 16, 16), Patch));
        acc.Add(Constant(s, 0.1f), s, w, 1f);
        var result = acc.Finish();
        Assert.All(result, v => Assert.Equal((float)(Half)v, v));
        Assert.Equal((float)(Half)HeatmapAccumulator.Sigmoid((float)(Half)0.1f), result[0]);
    }

    [Fact]
    public void UncoveredCellsAreAnError()
    {
        var grid = new HeatmapGrid(Volume, 4, Patch);
        var acc = new HeatmapAccumulator(grid);
        Assert.Throws<MotorPickException>(() => acc.Finish());
    }
}
