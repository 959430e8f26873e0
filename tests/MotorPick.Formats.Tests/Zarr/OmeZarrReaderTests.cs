using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Tests.Common;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Zarr;

namespace MotorPick.Formats.Tests.Zarr;

public class OmeZarrReaderTests
{
    public static TheoryData<string, int> PeerLevels()
    {
        var data = new TheoryData<string, int>();
        foreach (var e in PeerManifest.All.Where(e => e.Format == "ome-zarr")) data.Add(e.Path, e.Level!.Value);
        return data;
    }

    [Theory]
    [MemberData(nameof(PeerLevels))]
    public void Every_compressor_and_level_matches_the_manifest(string path, int level)
    {
        var entry = PeerManifest.Get(path, level);
        var image = OmeZarr.Open(PeerManifest.FullPath(entry));
        Assert.Equal("0.4", image.Version);
        Assert.Empty(image.Warnings);
        Assert.Equal(3, image.Levels.Count);
        var scale = entry.Raw.GetProperty("scale_A").GetDouble();
        Assert.Equal(VoxelSize.Isotropic(scale), image.Levels[level].VoxelSize);
        using var array = image.OpenLevel(level);
        Assert.Equal(entry.Shape, array.Shape);
        Assert.Equal(VoxelType.Float32, array.VoxelType);
        var chunks = entry.Raw.GetProperty("chunks").EnumerateArray().Select(c => c.GetInt32()).ToArray();
        Assert.Equal(new VolumeShape(chunks[0], chunks[1], chunks[2]), array.ChunkShape);
        entry.AssertMatches(array.Shape, array.ReadAllFloat32());
    }

    [Theory]
    [InlineData(13.328, 0)]
    [InlineData(16, 0)]
    [InlineData(20, 1)]
    [InlineData(26.656, 1)]
    [InlineData(45, 2)]
    [InlineData(1000, 2)]
    public void A_level_is_picked_by_nearest_voxel_size(double target, int expected)
    {
        var image = OmeZarr.Open(ZarrTestFiles.Peer("blosc_lz4_shuffle.zarr"));
        Assert.Equal(expected, image.NearestLevel(target));
    }

    [Fact]
    public async Task A_sub_region_reads_only_the_chunks_it_touches_and_equals_the_full_read()
    {
        var store = new CountingStore(new FileSystemChunkStore(ZarrTestFiles.Peer("blosc_lz4_shuffle.zarr")));
        var image = await OmeZarr.OpenAsync(store);
        using var array = image.OpenLevel(0);
        var full = array.ReadAllFloat32();
        store.Keys.Clear();

        var region = new VolumeRegion(9, 3, 17, 5, 4, 9); // z 9-13, y 3-6, x 17-25
        var part = array.ReadRegion<float>(region);
        Assert.Equal(["0/1/0/2", "0/1/0/3"], store.Keys.Distinct().Order());
        for (int z = 0; z < region.Z; z++)
            for (int y = 0; y < region.Y; y++)
                for (int x = 0; x < region.X; x++)
                    Assert.Equal(full[((region.Z0 + z) * 24 + region.Y0 + y) * 28 + region.X0 + x], part[(z * region.Y + y) * region.X + x]);
    }

    [Fact]
    public async Task Async_region_reads_honour_cancellation()
    {
        var image = OmeZarr.Open(ZarrTestFiles.Peer("zstd.zarr"));
        var array = image.OpenLevel(0);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            array.ReadRegionAsync<float>(VolumeRegion.All(array.Shape), new float[array.Shape.VoxelCount], cts.Token));
    }

    [Fact]
    public void Z_slabs_equal_the_same_sections_of_the_whole_volume()
    {
        using var array = OmeZarr.Open(ZarrTestFiles.Peer("blosc_zstd_bitshuffle.zarr")).OpenLevel(0);
        var full = array.ReadAllFloat32();
        int section = (int)array.Shape.SectionVoxels;
        Assert.Equal(full.AsSpan(7 * section, 3 * section).ToArray(), array.ReadSlab<float>(7, 3));
    }

    [Fact]
    public void Chunk_keys_cover_the_grid()
    {
        using var array = OmeZarr.Open(ZarrTestFiles.Peer("raw.zarr")).OpenLevel(1);
        Assert.Equal(new VolumeShape(2, 2, 2), array.ChunkGrid);
        Assert.Equal(["1/0/0/0", "1/0/0/1", "1/0/1/0", "1/0/1/1", "1/1/0/0", "1/1/0/1", "1/1/1/0", "1/1/1/1"], array.AllChunkKeys());
    }
}
