using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Mrc;
using MotorPick.Formats.Voxels;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Mrc;

public class MrcWriterTests
{
    private static readonly VolumeShape Shape = new(5, 6, 7);

    private static T[] Pattern<T>(Func<int, T> f) => Enumerable.Range(0, (int)Shape.VoxelCount).Select(f).ToArray();

    private static void RoundTrip<T>(T[] data, VoxelType type, int mode) where T : unmanaged
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("out.mrc");
        using (var writer = new MrcWriter(path, Shape, type, new VoxelSize(12.5, 11, 10), new MrcWriteOptions { Origin = (1, 2, 3) }))
        {
            int section = (int)Shape.SectionVoxels;
            // Streamed in uneven slabs: 2 + 1 + 2 sections.
            writer.WriteSlab<T>(data.AsSpan(0, 2 * section));
            writer.WriteSlab<T>(data.AsSpan(2 * section, section));
            Assert.False(File.Exists(path));
            writer.WriteSlab<T>(data.AsSpan(3 * section));
            writer.Complete();
        }
        Assert.DoesNotContain(Directory.GetFiles(dir.Path), AtomicFile.IsTempName);
        Assert.Empty(MrcValidator.ValidateFile(path));
        using var reader = MrcReader.Open(path, new MrcReadOptions { Validation = MrcValidationMode.Strict });
        Assert.Equal(mode, reader.Header.Mode);
        Assert.Equal(type, reader.VoxelType);
        Assert.Equal(Shape, reader.Shape);
        Assert.Equal(new VoxelSize(12.5, 11, 10), reader.VoxelSize);
        Assert.Equal((1f, 2f, 3f), reader.Origin);
        Assert.Equal(20141, reader.Header.NVersion);
        Assert.Equal("MAP ", reader.Header.Map);
        Assert.Equal(data, reader.ReadAll<T>());

        var floats = new float[data.Length];
        VoxelConvert.ToFloat32<T>(data, floats);
        Assert.Equal(floats.Min(), reader.Header.DMin);
        Assert.Equal(floats.Max(), reader.Header.DMax);
        double mean = floats.Average(v => (double)v);
        double std = Math.Sqrt(floats.Average(v => (v - mean) * (v - mean)));
        Assert.Equal(mean, reader.Header.DMean, 1e-5 * Math.Max(1, Math.Abs(mean)));
        Assert.Equal(std, reader.Header.Rms, 1e-5 * Math.Max(1, std));
    }

    [Fact] public void Float32_round_trips() => RoundTrip(Pattern(i => MathF.Sin(i * 0.37f) * 100 + 3), VoxelType.Float32, 2);
    [Fact] public void Int8_round_trips() => RoundTrip(Pattern(i => (sbyte)(i * 7 % 256 - 128)), VoxelType.Int8, 0);
    [Fact] public void UInt8_round_trips_through_the_IMOD_unsigned_convention() => RoundTrip(Pattern(i => (byte)(i * 13 % 256)), VoxelType.UInt8, 0);
    [Fact] public void Int16_round_trips() => RoundTrip(Pattern(i => (short)(i * 977 % 65536 - 32768)), VoxelType.Int16, 1);
    [Fact] public void UInt16_round_trips() => RoundTrip(Pattern(i => (ushort)(i * 977 % 65536)), VoxelType.UInt16, 6);
    [Fact] public void Float16_round_trips() => RoundTrip(Pattern(i => (Half)(MathF.Cos(i * 0.1f) * 50)), VoxelType.Float16, 12);

    [Fact]
    public void Float64_has_no_MRC_mode()
    {
        using var dir = Fixtures.TempDir();
        var ex = Assert.Throws<MotorPickException>(() => new MrcWriter(dir.File("x.mrc"), Shape, VoxelType.Float64, VoxelSize.Isotropic(1)));
        Assert.Contains("no mode for float64", ex.Message);
    }

    [Fact]
    public void An_incomplete_writer_leaves_no_file_behind()
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("x.mrc");
        using (var writer = new MrcWriter(path, Shape, VoxelType.Float32, VoxelSize.Isotropic(1)))
        {
            writer.WriteSlab<float>(new float[Shape.SectionVoxels]);
            Assert.Throws<InvalidOperationException>(writer.Complete);
        }
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Slabs_must_be_whole_sections_of_the_declared_type()
    {
        using var dir = Fixtures.TempDir();
        using var writer = new MrcWriter(dir.File("x.mrc"), Shape, VoxelType.Float32, VoxelSize.Isotropic(1));
        Assert.Throws<ArgumentException>(() => writer.WriteSlab<float>(new float[10]));
        Assert.Throws<MotorPickException>(() => writer.WriteSlab<short>(new short[Shape.SectionVoxels]));
        Assert.Throws<ArgumentException>(() => writer.WriteSlab<float>(new float[Shape.VoxelCount + Shape.SectionVoxels]));
    }

    [Fact]
    public void Rewriting_a_fixture_keeps_its_values()
    {
        using var dir = Fixtures.TempDir();
        var source = Fixtures.Path("peer", "mrc", "exthdr_float32.mrc");
        using var reader = MrcReader.Open(source);
        var path = dir.File("copy.mrc");
        MrcWriter.Write<float>(path, reader.ReadAllFloat32(), reader.Shape, reader.VoxelSize);
        Assert.Equal(reader.ReadAllFloat32(), MrcReader.ReadFloat32(path));
        Assert.Equal(reader.VoxelSize.Z, MrcReader.ReadHeader(path).VoxelSize.Z, 5);
    }

    [Fact]
    public void The_peer_fixtures_pass_full_validation()
    {
        foreach (var f in Directory.GetFiles(Fixtures.Path("peer", "mrc"), "*.mrc"))
            Assert.True(MrcValidator.ValidateFile(f).Count == 0, f + ": " + string.Join("; ", MrcValidator.ValidateFile(f)));
    }
}
