using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Volumes.Tests.Geometry;

public class SlidingWindowTests
{
    private static readonly VolumeShape RefPatch = new(224, 448, 448);

    [Fact]
    public void Fact16_ReferenceShapeGives18PatchesWithFlushLastStarts()
    {
        var plan = SlidingWindow.Plan(new VolumeShape(292, 935, 904), RefPatch);
        Assert.Equal(18, plan.Count);
        Assert.Equal([0, 68], plan.Select(w => w.Z).Distinct());
        Assert.Equal([0, 448, 487], plan.Select(w => w.Y).Distinct());
        Assert.Equal([0, 448, 456], plan.Select(w => w.X).Distinct());
        // Z-major, then Y, then X.
        Assert.Equal(new PatchWindow(0, 0, 0, RefPatch), plan[0]);
        Assert.Equal(new PatchWindow(0, 0, 448, RefPatch), plan[1]);
        Assert.Equal(new PatchWindow(0, 0, 456, RefPatch), plan[2]);
        Assert.Equal(new PatchWindow(0, 448, 0, RefPatch), plan[3]);
        Assert.Equal(new PatchWindow(68, 487, 456, RefPatch), plan[^1]);
    }

    [Fact]
    public void Fact16_SmallerThanPatchGivesOneWindowPaddedInFront()
    {
        var plan = SlidingWindow.Plan(new VolumeShape(150, 400, 448), RefPatch);
        var w = Assert.Single(plan);
        Assert.Equal((-74, -48, 0), (w.Z, w.Y, w.X));
        Assert.Equal((74, 48, 0), w.TopPad);
        Assert.Equal((0, 0, 0), w.BottomPad(new VolumeShape(150, 400, 448)));
    }

    [Theory]
    [InlineData(448, 224, new[] { 0, 224 })]          // exact multiple
    [InlineData(224, 224, new[] { 0 })]                // exactly one window
    [InlineData(225, 224, new[] { 0, 1 })]             // one voxel over
    [InlineData(223, 224, new[] { -1 })]               // one voxel short: one voxel of front padding
    [InlineData(447, 224, new[] { 0, 223 })]
    [InlineData(449, 224, new[] { 0, 224, 225 })]
    [InlineData(1, 5, new[] { -4 })]
    [InlineData(7, 3, new[] { 0, 3, 4 })]
    public void AxisStartsFollowRangeThenFlushLast(int length, int roi, int[] expected) =>
        Assert.Equal(expected, SlidingWindow.AxisStarts(length, roi));

    [Theory]
    [InlineData(5, 7, 9)]
    [InlineData(3, 3, 3)]
    [InlineData(2, 10, 1)]
    [InlineData(11, 4, 6)]
    public void WindowsCoverEveryVoxelOfOddShapes(int z, int y, int x)
    {
        var volume = new VolumeShape(z, y, x);
        var patch = new VolumeShape(3, 4, 5);
        var hits = new int[volume.VoxelCount];
        foreach (var w in SlidingWindow.Plan(volume, patch))
            for (var dz = 0; dz < 3; dz++)
                for (var dy = 0; dy < 4; dy++)
                    for (var dx = 0; dx < 5; dx++)
                    {
                        int vz = w.Z + dz, vy = w.Y + dy, vx = w.X + dx;
                        if (vz >= 0 && vz < z && vy >= 0 && vy < y && vx >= 0 && vx < x) hits[(vz * y + vy) * x + vx]++;
                        Assert.True(vz < z && vy < y && vx < x, "windows never pass the end");
                    }
        Assert.All(hits, h => Assert.True(h > 0));
    }
}
