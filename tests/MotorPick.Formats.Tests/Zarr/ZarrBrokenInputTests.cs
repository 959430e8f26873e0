using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Zarr;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Zarr;

/// <summary>Damaged zarr data give a <see cref="MotorPickException"/> naming the key and what was wrong.</summary>
public class ZarrBrokenInputTests
{
    private static MotorPickException ReadFails(string image, int level = 0) =>
        Assert.Throws<MotorPickException>(() => OmeZarr.Open(image).OpenLevel(level).ReadAllFloat32());

    private static string Damaged(TempDir dir, string fixture, string key, Func<byte[], byte[]> change)
    {
        var root = ZarrTestFiles.CopyTo(ZarrTestFiles.Peer(fixture), dir);
        var file = Path.Combine(root, key);
        File.WriteAllBytes(file, change(File.ReadAllBytes(file)));
        return root;
    }

    [Theory]
    [InlineData("blosc_lz4_shuffle.zarr")]
    [InlineData("blosc_zstd_bitshuffle.zarr")]
    [InlineData("zstd.zarr")]
    [InlineData("raw.zarr")]
    public void A_truncated_chunk_names_its_file(string fixture)
    {
        using var dir = Fixtures.TempDir();
        var root = Damaged(dir, fixture, "0/1/2/3", b => b[..(b.Length / 2)]);
        var ex = ReadFails(root);
        Assert.Equal(Path.Combine(root, "0", "1", "2", "3"), ex.Path);
        Assert.Contains("corrupt chunk", ex.Message);
    }

    // (The lz4 fixture's chunks are memcpyed - random floats do not compress - so garbage there is just other data.)
    [Theory]
    [InlineData("blosc_zstd_bitshuffle.zarr")]
    [InlineData("zstd.zarr")]
    public void Garbage_in_a_chunk_is_reported_not_crashed_on(string fixture)
    {
        using var dir = Fixtures.TempDir();
        var root = Damaged(dir, fixture, "0/0/0/1", b =>
        {
            var rng = new Random(7);
            for (int i = 20; i < b.Length; i++) b[i] = (byte)rng.Next(256);
            return b;
        });
        var ex = ReadFails(root);
        Assert.EndsWith(Path.Combine("0", "0", "0", "1"), ex.Path);
        Assert.Contains("corrupt chunk", ex.Message);
    }

    [Fact]
    public void A_chunk_of_the_wrong_size_is_reported()
    {
        using var dir = Fixtures.TempDir();
        var root = Damaged(dir, "raw.zarr", "1/0/0/0", b => [.. b, .. b]);
        var ex = ReadFails(root, 1);
        Assert.Contains("decompressed to 4096 bytes, expected 2048", ex.Message);
    }

    [Fact]
    public void A_blosc_frame_from_a_different_chunk_shape_is_reported()
    {
        using var dir = Fixtures.TempDir();
        var root = Damaged(dir, "blosc_lz4_shuffle.zarr", "0/0/0/0", _ => BloscCodec.EncodeLz4Shuffle(new byte[1000], 4));
        Assert.Contains("decompressed to 1000 bytes, expected 2048", ReadFails(root).Message);
    }

    [Fact]
    public void Bad_json_in_zarray_is_reported_with_the_file()
    {
        using var dir = Fixtures.TempDir();
        var root = Damaged(dir, "zstd.zarr", "0/.zarray", b => b[..40]);
        var ex = Assert.Throws<MotorPickException>(() => OmeZarr.Open(root));
        Assert.Contains("invalid JSON in .zarray", ex.Message);
        Assert.EndsWith(Path.Combine("0", ".zarray"), ex.Path);
    }

    [Fact]
    public void Bad_json_in_zattrs_is_reported()
    {
        using var dir = Fixtures.TempDir();
        var root = Damaged(dir, "zstd.zarr", ".zattrs", _ => "{\"multiscales\": [ {\"datasets\": "u8.ToArray());
        Assert.Contains("invalid JSON in .zattrs", Assert.Throws<MotorPickException>(() => OmeZarr.Open(root)).Message);
    }

    [Theory]
    [InlineData("\"dtype\": \"<f4\"", "\"dtype\": \"<c8\"", "dtype '<c8' is not supported")]
    [InlineData("\"order\": \"C\"", "\"order\": \"F\"", "order 'F' is not supported")]
    [InlineData("\"filters\": null", "\"filters\": [{\"id\": \"delta\", \"dtype\": \"<f4\"}]", "filters [{\"id\": \"delta\"")]
    [InlineData("\"zarr_format\": 2", "\"zarr_format\": 3", "only zarr v2 is supported")]
    [InlineData("\"id\": \"zstd\"", "\"id\": \"bz2\"", "compressor 'bz2' is not supported")]
    [InlineData("\"dimension_separator\": \"/\"", "\"dimension_separator\": \"-\"", "not a zarr v2 separator")]
    public void Unsupported_metadata_is_refused_clearly(string from, string to, string expected)
    {
        using var dir = Fixtures.TempDir();
        var root = Damaged(dir, "zstd.zarr", "0/.zarray", b => System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(b).Replace(from, to)));
        var ex = Assert.Throws<MotorPickException>(() => OmeZarr.Open(root).OpenLevel(0));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void A_missing_level_and_a_missing_image_are_reported()
    {
        using var dir = Fixtures.TempDir();
        var root = ZarrTestFiles.CopyTo(ZarrTestFiles.Peer("raw.zarr"), dir);
        Directory.Delete(Path.Combine(root, "2"), true);
        var ex = Assert.Throws<MotorPickException>(() => OmeZarr.Open(root));
        Assert.Contains("no .zarray", ex.Message);
        Assert.Contains("not an OME-Zarr image", Assert.Throws<MotorPickException>(() => OmeZarr.Open(dir.Path)).Message);
        Assert.Contains("level 5 does not exist", Assert.Throws<MotorPickException>(() => OmeZarr.Open(ZarrTestFiles.Peer("raw.zarr")).OpenLevel(5)).Message);
    }

    [Fact]
    public void Missing_chunks_read_as_fill_value()
    {
        using var dir = Fixtures.TempDir();
        var root = ZarrTestFiles.CopyTo(ZarrTestFiles.Peer("zstd.zarr"), dir);
        File.Delete(Path.Combine(root, "0", "0", "0", "0"));
        using var array = OmeZarr.Open(root).OpenLevel(0);
        var region = array.ReadRegion<float>(new VolumeRegion(0, 0, 0, 8, 8, 8));
        Assert.All(region, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Blosc_frames_with_bad_headers_are_reported()
    {
        var codec = BloscCodec.Instance;
        var good = BloscCodec.EncodeLz4Shuffle(new byte[4096], 4);
        var dst = new byte[4096];
        codec.Decode(good, dst, "k");
        var wrongLength = (byte[])good.Clone();
        Assert.Contains("header says", Assert.Throws<MotorPickException>(() => codec.Decode(wrongLength[..^1], dst, "k")).Message);
        var badVersion = (byte[])good.Clone();
        badVersion[0] = 9;
        Assert.Contains("version 9", Assert.Throws<MotorPickException>(() => codec.Decode(badVersion, dst, "k")).Message);
        var snappy = (byte[])good.Clone();
        snappy[2] = (byte)((snappy[2] & 0x1f) | (2 << 5));
        Assert.Contains("snappy is not supported", Assert.Throws<MotorPickException>(() => codec.Decode(snappy, dst, "k")).Message);
        Assert.Contains("shorter than its 16-byte header", Assert.Throws<MotorPickException>(() => codec.Decode(good[..10], dst, "k")).Message);
    }

    [Fact]
    public void Incompressible_chunks_are_stored_memcpyed_and_read_back()
    {
        var data = new byte[5000];
        new Random(3).NextBytes(data);
        var frame = BloscCodec.EncodeLz4Shuffle(data, 1);
        Assert.Equal(0x02, frame[2] & 0x02);
        var back = new byte[5000];
        BloscCodec.Instance.Decode(frame, back, "k");
        Assert.Equal(data, back);
    }

    [Fact]
    public void Downloads_can_be_verified_chunk_by_chunk()
    {
        using var array = OmeZarr.Open(ZarrTestFiles.Peer("blosc_lz4_shuffle.zarr")).OpenLevel(0);
        var good = File.ReadAllBytes(Path.Combine(ZarrTestFiles.Peer("blosc_lz4_shuffle.zarr"), "0", "0", "0", "0"));
        array.VerifyChunk(good, "0/0/0/0");
        var ex = Assert.Throws<MotorPickException>(() => array.VerifyChunk(good[..^3], "0/0/0/0"));
        Assert.EndsWith(Path.Combine("0", "0", "0", "0"), ex.Path);
    }
}
