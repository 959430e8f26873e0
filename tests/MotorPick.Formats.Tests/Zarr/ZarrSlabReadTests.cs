using System.Buffers.Binary;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Zarr;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Zarr;

/// <summary>
/// Slabs thinner than a chunk read only the blosc blocks that hold their planes (the portal's 256-deep chunks made every
/// slab decode whole chunks): the values are those of a whole read, and the bytes fetched are a fraction of the chunk.
/// </summary>
public class ZarrSlabReadTests
{
    [Theory]
    [InlineData("blosclz_shuffle")]
    [InlineData("blosclz_noshuffle_i2")]
    [InlineData("lz4_bitshuffle_u2")]
    [InlineData("lz4hc_shuffle_f8")]
    [InlineData("zlib_shuffle")]
    [InlineData("blosc_leftover_block")]
    [InlineData("blosc_memcpyed")]
    [InlineData("zstd_dot_separator")]
    public void Slabs_of_every_thickness_read_what_the_whole_read_holds(string name)
    {
        using var array = ZarrArray.Open(ZarrTestFiles.Extra(name));
        var whole = array.ReadAllFloat32();
        var plane = (int)array.Shape.SectionVoxels;
        foreach (var thickness in new[] { 1, 2, 3, 5 })
            for (var z0 = 0; z0 < array.Shape.Z; z0 += thickness)
            {
                var n = Math.Min(thickness, array.Shape.Z - z0);
                var slab = new float[n * plane];
                array.ReadSlab<float>(z0, n, slab);
                Assert.True(whole.AsSpan(z0 * plane, n * plane).SequenceEqual(slab), $"{name}: planes {z0}..{z0 + n - 1}");
            }
    }

    /// <summary>A 64-deep chunk of smooth float32 data written by MotorPick's own blosc-lz4 writer (256 KB blocks).</summary>
    private static (string Dir, float[] Data, VolumeShape Shape) DeepChunk(TempDir tmp)
    {
        var shape = new VolumeShape(64, 64, 64);
        var data = new float[shape.VoxelCount];
        for (var i = 0; i < data.Length; i++) data[i] = MathF.Round(40 * MathF.Sin(i * 0.001f));
        var dir = tmp.File("deep.zarr");
        OmeZarrWriter.Write(dir, data, shape, VoxelSize.Isotropic(10), new OmeZarrWriteOptions { Levels = 1, ChunkSize = 64 });
        return (dir, data, shape);
    }

    [Fact]
    public async Task One_plane_of_a_deep_chunk_fetches_a_fraction_of_its_bytes()
    {
        using var tmp = Fixtures.TempDir();
        var (dir, data, shape) = DeepChunk(tmp);
        var store = new RangeCountingStore(new FileSystemChunkStore(dir));
        var array = (await OmeZarr.OpenAsync(store)).OpenLevel(0);
        var chunkFile = new FileInfo(Path.Combine(dir, "0", "0", "0", "0")).Length;
        var plane = new float[shape.SectionVoxels];
        array.ReadSlab<float>(40, 1, plane);
        Assert.True(data.AsSpan(40 * plane.Length, plane.Length).SequenceEqual(plane));
        Assert.InRange(store.Bytes, 1, chunkFile / 3);
    }

    [Fact]
    public void A_truncated_chunk_is_named_when_a_slab_reaches_past_its_end()
    {
        using var tmp = Fixtures.TempDir();
        var (dir, _, shape) = DeepChunk(tmp);
        var chunk = Path.Combine(dir, "0", "0", "0", "0");
        var bytes = File.ReadAllBytes(chunk);
        File.WriteAllBytes(chunk, bytes[..(bytes.Length - 100)]);
        var array = OmeZarr.Open(dir).OpenLevel(0);
        var e = Assert.Throws<Core.MotorPickException>(() => array.ReadSlab<float>(shape.Z - 1, 1, new float[shape.SectionVoxels]));
        Assert.Contains("truncated", e.Message);
        Assert.Contains(Path.Combine("0", "0", "0", "0"), e.Message);
    }

    [Fact]
    public async Task Blocks_stored_out_of_order_are_read_through_the_whole_frame()
    {
        var values = new byte[4 << 10];
        for (var i = 0; i < values.Length; i++) values[i] = (byte)(i / 7 % 5);
        var frame = Reversed(BloscCodec.EncodeLz4Shuffle(values, typesize: 4, blocksize: 1 << 10));
        var decoded = new byte[values.Length];
        BloscCodec.Instance.Decode(frame, decoded, "frame");
        Assert.Equal(values, decoded);
        var store = new MemoryStore { ["c"] = frame };
        var part = new byte[1500];
        Assert.True(await BloscCodec.TryReadPartAsync(store, "c", values.Length, 1000, part));
        Assert.Equal(values.AsSpan(1000, 1500).ToArray(), part);
        Assert.False(await BloscCodec.TryReadPartAsync(store, "missing", values.Length, 0, part));
    }

    [Fact]
    public async Task A_file_store_reads_part_of_a_file_and_nothing_past_its_end()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllBytes(tmp.File("k"), [1, 2, 3, 4, 5]);
        IChunkStore store = new FileSystemChunkStore(tmp.Path);
        Assert.Equal([2, 3], await store.TryReadRangeAsync("k", 1, 2));
        Assert.Equal([4, 5], await store.TryReadRangeAsync("k", 3, 10));
        Assert.Empty((await store.TryReadRangeAsync("k", 9, 2))!);
        Assert.Null(await store.TryReadRangeAsync("none", 0, 2));
    }

    /// <summary>The same frame with its blocks stored last to first (the table still points at each).</summary>
    private static byte[] Reversed(byte[] frame)
    {
        int nbytes = BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(4)), blocksize = BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(8));
        var blocks = (nbytes + blocksize - 1) / blocksize;
        var tableEnd = 16 + 4 * blocks;
        var starts = Enumerable.Range(0, blocks).Select(j => BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(16 + 4 * j))).Append(frame.Length).ToArray();
        var result = new List<byte>(frame[..tableEnd]);
        for (var j = blocks - 1; j >= 0; j--)
        {
            BinaryPrimitives.WriteInt32LittleEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(result).Slice(16 + 4 * j), result.Count);
            result.AddRange(frame[starts[j]..starts[j + 1]]);
        }
        Assert.True(blocks >= 3, "the test needs several blocks");
        return result.ToArray();
    }

    private sealed class MemoryStore : Dictionary<string, byte[]>, IChunkStore
    {
        public ValueTask<byte[]?> TryReadAsync(string key, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(TryGetValue(key, out var v) ? v : null);

        public string Describe(string key) => "memory:" + key;
    }

    /// <summary>Counts the bytes fetched through range reads.</summary>
    private sealed class RangeCountingStore(IChunkStore inner) : IChunkStore
    {
        private long bytes;

        public long Bytes => Interlocked.Read(ref bytes);

        public ValueTask<byte[]?> TryReadAsync(string key, CancellationToken cancellationToken = default) => inner.TryReadAsync(key, cancellationToken);

        public async ValueTask<byte[]?> TryReadRangeAsync(string key, long offset, int count, CancellationToken cancellationToken = default)
        {
            var result = await inner.TryReadRangeAsync(key, offset, count, cancellationToken);
            if (result is not null && !key.EndsWith("json", StringComparison.Ordinal) && !key.Contains(".z", StringComparison.Ordinal))
                Interlocked.Add(ref bytes, result.Length);
            return result;
        }

        public string Describe(string key) => inner.Describe(key);
    }
}
