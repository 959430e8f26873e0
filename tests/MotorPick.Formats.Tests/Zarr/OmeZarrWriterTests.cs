using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Tests.Common;
using MotorPick.Formats.Zarr;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Zarr;

public class OmeZarrWriterTests
{
    private static float[] Noise(VolumeShape shape, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, (int)shape.VoxelCount).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
    }

    [Fact]
    public void Round_trips_every_level_with_the_portal_layout()
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("t.zarr");
        var shape = new VolumeShape(13, 22, 19);
        var data = Noise(shape, 1);
        using (var writer = new OmeZarrWriter(path, shape, VoxelSize.Isotropic(13.328), new OmeZarrWriteOptions { ChunkSize = 8 }))
        {
            Assert.Equal([new VolumeShape(13, 22, 19), new VolumeShape(7, 11, 10), new VolumeShape(4, 6, 5)], writer.LevelShapes);
            int section = (int)shape.SectionVoxels;
            writer.WriteSlab<float>(data.AsSpan(0, 5 * section));
            Assert.False(Directory.Exists(path));
            writer.WriteSlab<float>(data.AsSpan(5 * section));
            writer.Complete();
        }
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
        var image = OmeZarr.Open(path);
        Assert.Empty(image.Warnings);
        Assert.Equal([13.328, 26.656, 53.312], image.Levels.Select(l => l.VoxelSize.X));
        var meta = image.Levels[0].Metadata;
        Assert.Equal(new ZarrCompressorSpec("blosc", "lz4", 5, 1, 0), meta.Compressor);
        Assert.Equal('/', meta.DimensionSeparator);
        Assert.Equal("<f4", meta.DType);
        Assert.Equal(data, image.OpenLevel(0).ReadAllFloat32());

        // Level 1 is the zero-padded 2x2x2 mean of level 0.
        var level1 = image.OpenLevel(1).ReadAllFloat32();
        var s1 = image.Levels[1].Shape;
        for (int z = 0; z < s1.Z; z++)
            for (int y = 0; y < s1.Y; y++)
                for (int x = 0; x < s1.X; x++)
                {
                    double sum = 0;
                    for (int dz = 0; dz < 2; dz++)
                        for (int dy = 0; dy < 2; dy++)
                            for (int dx = 0; dx < 2; dx++)
                            {
                                int zz = 2 * z + dz, yy = 2 * y + dy, xx = 2 * x + dx;
                                if (zz < shape.Z && yy < shape.Y && xx < shape.X) sum += data[(zz * shape.Y + yy) * shape.X + xx];
                            }
                    Assert.Equal(sum / 8, level1[(z * s1.Y + y) * s1.X + x], 1e-6);
                }
    }

    [Fact]
    public void The_pyramid_of_the_peer_level_0_matches_the_peer_levels()
    {
        var peer = OmeZarr.Open(ZarrTestFiles.Peer("blosc_lz4_shuffle.zarr"));
        using var level0 = peer.OpenLevel(0);
        using var dir = Fixtures.TempDir();
        var path = dir.File("p.zarr");
        OmeZarrWriter.Write(path, level0.ReadAllFloat32(), level0.Shape, VoxelSize.Isotropic(13.328), new OmeZarrWriteOptions { ChunkSize = 8 });
        var mine = OmeZarr.Open(path);
        for (int level = 1; level < 3; level++)
        {
            var expected = peer.OpenLevel(level).ReadAllFloat32();
            var actual = mine.OpenLevel(level).ReadAllFloat32();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-6f);
            PeerManifest.Get("zarr/blosc_lz4_shuffle.zarr", level).AssertMatchesApproximately(mine.Levels[level].Shape, actual);
        }
        Assert.Equal(File.ReadAllText(Path.Combine(ZarrTestFiles.Peer("blosc_lz4_shuffle.zarr"), ".zattrs")), File.ReadAllText(Path.Combine(path, ".zattrs")));
        Assert.Equal(File.ReadAllText(Path.Combine(ZarrTestFiles.Peer("blosc_lz4_shuffle.zarr"), "1", ".zarray")), File.ReadAllText(Path.Combine(path, "1", ".zarray")));
    }

    [Fact]
    public void Big_chunks_with_several_blosc_blocks_round_trip()
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("b.zarr");
        var shape = new VolumeShape(40, 70, 90);
        var data = Noise(shape, 2);
        for (int i = 0; i < data.Length; i += 3) data[i] = 0; // partly compressible
        OmeZarrWriter.Write(path, data, shape, VoxelSize.Isotropic(10), new OmeZarrWriteOptions { Levels = 1, ChunkSize = 64 });
        Assert.Equal(data, ZarrArray.Open(Path.Combine(path, "0"), VoxelSize.Isotropic(10)).ReadAllFloat32());
    }

    [Fact]
    public void An_incomplete_writer_leaves_nothing_behind()
    {
        using var dir = Fixtures.TempDir();
        var shape = new VolumeShape(4, 5, 6);
        using (var writer = new OmeZarrWriter(dir.File("x.zarr"), shape, VoxelSize.Isotropic(1), new OmeZarrWriteOptions { ChunkSize = 2 }))
        {
            writer.WriteSlab<float>(new float[3 * shape.SectionVoxels]);
            Assert.Throws<InvalidOperationException>(writer.Complete);
            Assert.Throws<MotorPickException>(() => writer.WriteSlab<short>(new short[shape.SectionVoxels]));
        }
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Rewriting_replaces_an_existing_image()
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("r.zarr");
        var shape = new VolumeShape(3, 4, 5);
        OmeZarrWriter.Write(path, Noise(shape, 3), shape, VoxelSize.Isotropic(1), new OmeZarrWriteOptions { Levels = 2 });
        var second = Noise(shape, 4);
        OmeZarrWriter.Write(path, second, shape, VoxelSize.Isotropic(2), new OmeZarrWriteOptions { Levels = 2 });
        Assert.Equal(second, OmeZarr.Open(path).OpenLevel(0).ReadAllFloat32());
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
    }
}
