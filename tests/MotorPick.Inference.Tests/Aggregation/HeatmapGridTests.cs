using MotorPick.Formats.Geometry;
using MotorPick.Inference.Aggregation;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Inference.Tests.Aggregation;

public class HeatmapGridTests
{
    [Fact]
    public void Fact17_GridAndPatchHeatmapShapes()
    {
        var grid = new HeatmapGrid(new VolumeShape(292, 935, 904), 8, new VolumeShape(224, 448, 448));
        Assert.Equal(new VolumeShape(36, 117, 113), grid.Shape);
        Assert.Equal(new VolumeShape(28, 56, 56), grid.PatchHeatmap);
        var last = grid.Place(new PatchWindow(68, 487, 456, new VolumeShape(224, 448, 448)));
        Assert.Equal((8, 36), last.DstZ);
        Assert.Equal((61, 117), last.DstY);
        Assert.Equal((57, 113), last.DstX);
        Assert.Equal((0, 28), last.SrcZ);
        Assert.Equal((0, 56), last.SrcY);
    }

    [Fact]
    public void PaddedWindowTakesOnlyItsDataPart()
    {
        var volume = new VolumeShape(150, 400, 448);
        var patch = new VolumeShape(224, 448, 448);
        var grid = new HeatmapGrid(volume, 8, patch);
        var w = Assert.Single(SlidingWindow.Plan(volume, patch));
        var at = grid.Place(w);
        Assert.Equal(grid.Shape.Z, at.DstZ.End - at.DstZ.Start);
        Assert.Equal(at.DstZ.End - at.DstZ.Start, at.SrcZ.End - at.SrcZ.Start);
        Assert.True(at.SrcZ.Start > 0, "front padding is skipped in the patch heatmap");
    }

    [Theory]
    [InlineData(292, 935, 904, 8)]
    [InlineData(245, 783, 760, 8)]
    [InlineData(150, 400, 448, 4)]
    [InlineData(409, 1565, 1512, 8)]
    [InlineData(30, 61, 17, 4)]
    public void EveryCellIsCoveredAndRangesMatch(int z, int y, int x, int stride)
    {
        var volume = new VolumeShape(z, y, x);
        var patch = z < 100 ? new VolumeShape(16, 32, 32) : new VolumeShape(224, 448, 448);
        var grid = new HeatmapGrid(volume, stride, patch);
        var count = new int[grid.Shape.VoxelCount];
        foreach (var w in SlidingWindow.Plan(volume, patch))
        {
            var at = grid.Place(w);
            Assert.Equal(at.DstZ.End - at.DstZ.Start, at.SrcZ.End - at.SrcZ.Start);
            Assert.Equal(at.DstY.End - at.DstY.Start, at.SrcY.End - at.SrcY.Start);
            Assert.Equal(at.DstX.End - at.DstX.Start, at.SrcX.End - at.SrcX.Start);
            for (var a = at.DstZ.Start; a < at.DstZ.End; a++)
                for (var b = at.DstY.Start; b < at.DstY.End; b++)
                    for (var c = at.DstX.Start; c < at.DstX.End; c++)
                        count[(a * grid.Shape.Y + b) * grid.Shape.X + c]++;
        }
        Assert.All(count, n => Assert.True(n > 0));
    }
}
