using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Volumes.Tests;

public class VolumeCropTests
{
    private static Volume<byte> Ramp(VolumeShape s) =>
        Volume<byte>.FromPlanes(s, VoxelSize.Isotropic(16),
            Enumerable.Range(0, s.Z).Select(z => Enumerable.Range(0, (int)s.SectionVoxels).Select(i => (byte)(1 + z * 10 + i)).ToArray()).ToArray());

    [Fact]
    public void CropPadsInFrontForNegativeStarts()
    {
        var s = new VolumeShape(2, 2, 3);
        var v = Ramp(s);
        var patch = new byte[3 * 3 * 4];
        v.Crop(new PatchWindow(-1, -1, -1, new VolumeShape(3, 3, 4)), patch);
        Assert.All(patch[..12], b => Assert.Equal(0, b)); // whole first plane is padding
        // plane 1 of the patch = volume plane 0; row 0 padding; row 1 = [0, v(0,0,0), v(0,0,1), v(0,0,2)]
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6 }, patch[12..24]);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 11, 12, 13, 0, 14, 15, 16 }, patch[24..36]);
    }

    [Fact]
    public void CropInsideIsACopy()
    {
        var s = new VolumeShape(3, 4, 5);
        var v = Ramp(s);
        var patch = new byte[2 * 2 * 2];
        v.Crop(new PatchWindow(1, 2, 3, new VolumeShape(2, 2, 2)), patch);
        byte At(int z, int y, int x) => v.Plane(z)[y * 5 + x];
        Assert.Equal([At(1, 2, 3), At(1, 2, 4), At(1, 3, 3), At(1, 3, 4), At(2, 2, 3), At(2, 2, 4), At(2, 3, 3), At(2, 3, 4)], patch);
    }
}
