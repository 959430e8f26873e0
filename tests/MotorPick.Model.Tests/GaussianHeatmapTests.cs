using MotorPick.Model.Targets;

namespace MotorPick.Model.Tests;

public class GaussianHeatmapTests
{
    [Fact]
    public void ReferenceFact19()
    {
        // keypoint (100, 200, 210) in a 224x448x448 patch, sigma 12.5 voxels (200 A at 16 A), stride 16
        var map = GaussianHeatmap.Render(224, 448, 448, 16, [new Keypoint(100, 200, 210, 12.5)]);
        Assert.Equal((14, 28, 28), map.Shape);
        int nonZero = 0, maxCount = 0, zMin = 99, zMax = -1, yMin = 99, yMax = -1, xMin = 99, xMax = -1;
        (int, int, int) argmax = default;
        for (int z = 0; z < map.D; z++)
            for (int y = 0; y < map.H; y++)
                for (int x = 0; x < map.W; x++)
                {
                    float v = map[z, y, x];
                    if (v > 0)
                    {
                        nonZero++;
                        zMin = Math.Min(zMin, z); zMax = Math.Max(zMax, z);
                        yMin = Math.Min(yMin, y); yMax = Math.Max(yMax, y);
                        xMin = Math.Min(xMin, x); xMax = Math.Max(xMax, x);
                    }
                    if (v == 1f) { maxCount++; argmax = (z, y, x); }
                }
        Assert.Equal(1, maxCount);
        Assert.Equal((6, 12, 13), argmax);
        Assert.Equal(251, nonZero);
        Assert.Equal((3, 8, 9, 15, 10, 15), (zMin, zMax, yMin, yMax, xMin, xMax));
        Assert.Equal(4.0331422236561565, GaussianHeatmap.RadiusFactor);
    }

    [Fact]
    public void KeypointsMergeByMaximum()
    {
        var map = GaussianHeatmap.Render(64, 64, 64, 16, [new Keypoint(8, 8, 8, 12.5), new Keypoint(40, 40, 40, 12.5)]);
        Assert.Equal(1f, map[0, 0, 0]);
        Assert.Equal(1f, map[2, 2, 2]);
    }

    [Fact]
    public void KeypointOutsideThePatchLeavesNoTrace()
    {
        var map = GaussianHeatmap.Render(64, 64, 64, 16, [new Keypoint(-500, 10, 10, 12.5)]);
        Assert.All(map.Data, v => Assert.Equal(0f, v));
    }
}
