using System.Buffers.Binary;
using System.Text;
using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Npy;
using MotorPick.Formats.Voxels;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Npy;

public class NpyTests
{
    private static readonly VolumeShape Shape = new(3, 4, 5);

    private static T[] Pattern<T>(Func<int, T> f) => Enumerable.Range(0, (int)Shape.VoxelCount).Select(f).ToArray();

    private static void RoundTrip<T>(T[] data, string descr) where T : unmanaged
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("a.npy");
        var type = VoxelTypes.Of<T>()!.Value;
        using (var writer = new NpyWriter(path, Shape, type))
        {
            writer.WriteSlab<T>(data.AsSpan(0, 20));
            writer.WriteSlab<T>(data.AsSpan(20));
            writer.Complete();
        }
        var bytes = File.ReadAllBytes(path);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.Equal($"{{'descr': '{descr}', 'fortran_order': False, 'shape': (3, 4, 5), }}", Encoding.ASCII.GetString(bytes, 10, headerLength).TrimEnd());
        using var reader = NpyReader.Open(path);
        Assert.Equal(type, reader.VoxelType);
        Assert.Equal(Shape, reader.Shape);
        Assert.Equal(data, reader.ReadAll<T>());
        var floats = new float[data.Length];
        VoxelConvert.ToFloat32<T>(data, floats);
        Assert.Equal(floats, reader.ReadAllFloat32());
    }

    [Fact] public void UInt8_round_trips() => RoundTrip(Pattern(i => (byte)(i * 11)), "|u1");
    [Fact] public void Int8_round_trips() => RoundTrip(Pattern(i => (sbyte)(i * 11)), "|i1");
    [Fact] public void Int16_round_trips() => RoundTrip(Pattern(i => (short)(i * 1111 - 30000)), "<i2");
    [Fact] public void UInt16_round_trips() => RoundTrip(Pattern(i => (ushort)(i * 1111)), "<u2");
    [Fact] public void Float16_round_trips() => RoundTrip(Pattern(i => (Half)(i * 0.25f - 3)), "<f2");
    [Fact] public void Float32_round_trips() => RoundTrip(Pattern(i => MathF.Sqrt(i) - 2.5f), "<f4");
    [Fact] public void Float64_round_trips() => RoundTrip(Pattern(i => Math.Sqrt(i) - 2.5), "<f8");

    /// <summary>A file laid out by hand as numpy writes it, in any header version.</summary>
    private static byte[] Handmade(int major, string dict, ReadOnlySpan<byte> data)
    {
        int pre = major == 1 ? 10 : 12;
        int total = pre + dict.Length + 1;
        var header = dict + new string(' ', (total + 63) / 64 * 64 - total) + "\n";
        var b = new byte[pre + header.Length + data.Length];
        "?NUMPY"u8.CopyTo(b);
        b[0] = 0x93;
        b[6] = (byte)major;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), (uint)header.Length);
        Encoding.UTF8.GetBytes(header, b.AsSpan(pre));
        data.CopyTo(b.AsSpan(pre + header.Length));
        return b;
    }

    private static string Save(TempDir dir, byte[] bytes)
    {
        var path = dir.File("h.npy");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Version_2_and_3_headers_are_read(int major)
    {
        using var dir = Fixtures.TempDir();
        var data = new short[] { 1, -2, 3, -4, 5, -6 };
        var path = Save(dir, Handmade(major, "{'descr': '<i2', 'fortran_order': False, 'shape': (1, 2, 3), }", System.Runtime.InteropServices.MemoryMarshal.AsBytes<short>(data)));
        using var reader = NpyReader.Open(path);
        Assert.Equal(major, reader.Header.MajorVersion);
        Assert.Equal(data, reader.ReadAll<short>());
    }

    [Fact]
    public void Big_endian_and_2d_arrays_are_read()
    {
        using var dir = Fixtures.TempDir();
        var data = new byte[] { 0x3f, 0x80, 0, 0, 0xc0, 0, 0, 0 };
        var path = Save(dir, Handmade(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1, 2), }", data));
        using var reader = NpyReader.Open(path);
        Assert.Equal(new VolumeShape(1, 1, 2), reader.Shape);
        Assert.Equal([1f, -2f], reader.ReadAll<float>());
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1, 2), }", "Fortran-order arrays are not supported")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (1, 1, 2), }", "dtype '<c8' is not supported")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", "a volume needs 3 (z, y, x) or 2 (y, x)")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 0, 2), }", "empty or too large dimension")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 3), }", "truncated file")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), }", "4 more than its header describes")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 2, }", "not a valid dict literal")]
    [InlineData("{'descr': '<f4', 'shape': (1, 1, 2), }", "no boolean 'fortran_order'")]
    public void Bad_headers_give_clear_errors(string dict, string expected)
    {
        using var dir = Fixtures.TempDir();
        var path = Save(dir, Handmade(1, dict, new byte[8]));
        var ex = Assert.Throws<MotorPickException>(() => NpyReader.Open(path));
        Assert.Contains(expected, ex.Message);
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void A_file_without_the_magic_is_refused()
    {
        using var dir = Fixtures.TempDir();
        var path = Save(dir, Encoding.ASCII.GetBytes("PK this is a zip"));
        Assert.Contains("missing the \\x93NUMPY magic", Assert.Throws<MotorPickException>(() => NpyReader.Open(path)).Message);
    }
}
