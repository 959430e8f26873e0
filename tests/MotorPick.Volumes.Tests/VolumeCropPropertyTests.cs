using CsCheck;
using MotorPick.Formats.Geometry;
using MotorPick.Tests.Properties;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Volumes.Tests;

/// <summary>Properties of <see cref="Volume{T}.Crop"/>: any window, inside, overlapping or outside the volume, is the
/// volume's voxels where they exist and 0 elsewhere, whether the volume is held as planes or as one array.</summary>
public class VolumeCropPropertyTests
{
    private static readonly Gen<(Volume<byte> Volume, PatchWindow Window)> Cases =
        from shape in Gen.Select(Gen.Int[1, 9], Gen.Int[1, 9], Gen.Int[1, 9], (z, y, x) => new VolumeShape(z, y, x))
        from planes in Gen.Byte[1, 255].Array[(int)shape.SectionVoxels].Array[shape.Z]
        from size in Gen.Select(Gen.Int[1, 8], Gen.Int[1, 8], Gen.Int[1, 8], (z, y, x) => new VolumeShape(z, y, x))
        from start in Gen.Int[-10, 10].Array[3]
        from oneArray in Gen.Bool
        select (oneArray ? new Volume<byte>(shape, VoxelSize.Isotropic(16), planes.SelectMany(p => p).ToArray())
                         : Volume<byte>.FromPlanes(shape, VoxelSize.Isotropic(16), planes),
            new PatchWindow(start[0], start[1], start[2], size));

    [Fact]
    public void A_crop_holds_the_voxels_inside_the_volume_and_zeros_outside()
    {
        Cases.Check(t =>
        {
            var (v, w) = t;
            var patch = new byte[w.Size.VoxelCount];
            Array.Fill(patch, (byte)7); // stale data must be overwritten
            v.Crop(w, patch);
            var s = v.Shape;
            for (var dz = 0; dz < w.Size.Z; dz++)
                for (var dy = 0; dy < w.Size.Y; dy++)
                    for (var dx = 0; dx < w.Size.X; dx++)
                    {
                        int z = w.Z + dz, y = w.Y + dy, x = w.X + dx;
                        var inside = z >= 0 && y >= 0 && x >= 0 && z < s.Z && y < s.Y && x < s.X;
                        var expected = inside ? v.Plane(z)[y * s.X + x] : (byte)0;
                        Assert.Equal(expected, patch[(dz * w.Size.Y + dy) * w.Size.X + dx]);
                    }
        }, iter: 300, stream: 1002, print: t => $"{t.Volume.Shape} ({(t.Volume.IsOneArray ? "one array" : "planes")}) window {t.Window}");
    }
}
