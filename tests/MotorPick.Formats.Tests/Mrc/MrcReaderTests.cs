using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Mrc;
using MotorPick.Formats.Tests.Common;
using MotorPick.Formats.Voxels;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Mrc;

public class MrcReaderTests
{
    public static TheoryData<string> ModeFiles => new()
    {
        "mrc/mode0_int8.mrc", "mrc/mode1_int16.mrc", "mrc/mode2_float32.mrc", "mrc/mode6_uint16.mrc", "mrc/mode12_float16.mrc", "mrc/exthdr_float32.mrc",
    };

    [Theory]
    [MemberData(nameof(ModeFiles))]
    public void Every_fixture_reads_as_float32_matching_the_manifest(string file)
    {
        var entry = PeerManifest.Get(file);
        using var reader = MrcReader.Open(PeerManifest.FullPath(entry));
        Assert.Equal(entry.DType, reader.VoxelType.NumpyName());
        Assert.Empty(reader.Warnings);
        entry.AssertMatches(reader.Shape, reader.ReadAllFloat32());
    }

    [Theory]
    [MemberData(nameof(ModeFiles))]
    public void Raw_typed_read_equals_the_float32_read(string file)
    {
        using var reader = MrcReader.Open(PeerManifest.FullPath(PeerManifest.Get(file)));
        var expected = reader.ReadAllFloat32();
        var actual = new float[expected.Length];
        switch (reader.VoxelType)
        {
            case VoxelType.Int8: VoxelConvert.ToFloat32<sbyte>(reader.ReadAll<sbyte>(), actual); break;
            case VoxelType.Int16: VoxelConvert.ToFloat32<short>(reader.ReadAll<short>(), actual); break;
            case VoxelType.UInt16: VoxelConvert.ToFloat32<ushort>(reader.ReadAll<ushort>(), actual); break;
            case VoxelType.Float16: VoxelConvert.ToFloat32<Half>(reader.ReadAll<Half>(), actual); break;
            default: actual = reader.ReadAll<float>(); break;
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Mode2_fixture_has_the_manifest_voxel_size()
    {
        var h = MrcReader.ReadHeader(Fixtures.Path("peer", "mrc", "mode2_float32.mrc"));
        Assert.Equal(13.48, h.VoxelSize.X, 5);
        Assert.True(h.VoxelSize.IsIsotropic);
        Assert.Equal(new VolumeShape(7, 11, 13), h.Shape);
        Assert.False(h.IsBigEndian);
    }

    [Fact]
    public void Extended_header_file_gives_anisotropic_voxel_size_and_origin()
    {
        var entry = PeerManifest.Get("mrc/exthdr_float32.mrc");
        using var reader = MrcReader.Open(PeerManifest.FullPath(entry));
        Assert.Equal(96, reader.Header.NSymbt);
        Assert.Equal(1024 + 96, reader.Header.DataOffset);
        var xyz = entry.Raw.GetProperty("voxel_size_A_xyz").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(xyz[0], reader.VoxelSize.X, 5);
        Assert.Equal(xyz[1], reader.VoxelSize.Y, 5);
        Assert.Equal(xyz[2], reader.VoxelSize.Z, 5);
        Assert.False(reader.VoxelSize.IsIsotropic);
        var origin = entry.Raw.GetProperty("origin_xyz").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal((origin[0], origin[1], origin[2]), reader.Origin);
    }

    [Fact]
    public void A_z_range_equals_the_same_sections_of_the_whole_volume()
    {
        using var reader = MrcReader.Open(Fixtures.Path("peer", "mrc", "mode1_int16.mrc"));
        var all = reader.ReadAllFloat32();
        var slab = reader.ReadSlab<float>(2, 3);
        int section = (int)reader.Shape.SectionVoxels;
        Assert.Equal(all.AsSpan(2 * section, 3 * section).ToArray(), slab);
        var raw = reader.ReadSlab<short>(6, 1);
        Assert.Equal(all.AsSpan(6 * section, section).ToArray(), raw.Select(v => (float)v).ToArray());
    }

    [Theory]
    [InlineData("mode1_int16.mrc", 2)]
    [InlineData("mode2_float32.mrc", 4)]
    [InlineData("mode12_float16.mrc", 2)]
    public void Big_endian_files_read_the_same_values(string name, int itemSize)
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("be.mrc");
        File.WriteAllBytes(path, MrcTestFiles.ToBigEndian(MrcTestFiles.Fixture(name), itemSize));
        using var reader = MrcReader.Open(path, new MrcReadOptions { Validation = MrcValidationMode.Strict });
        Assert.True(reader.Header.IsBigEndian);
        PeerManifest.Get("mrc/" + name).AssertMatches(reader.Shape, reader.ReadAllFloat32());
    }

    [Fact]
    public void Mode0_with_IMOD_stamp_and_signed_flag_clear_is_uint8_and_can_be_overridden()
    {
        using var dir = Fixtures.TempDir();
        var path = dir.File("imod.mrc");
        var bytes = MrcTestFiles.Fixture("mode0_int8.mrc");
        MrcTestFiles.SetInt(bytes, 152, MrcHeader.ImodStampValue);
        MrcTestFiles.SetInt(bytes, 156, 0);
        File.WriteAllBytes(path, bytes);
        var signed = MrcReader.ReadFloat32(Fixtures.Path("peer", "mrc", "mode0_int8.mrc"));

        using (var reader = MrcReader.Open(path))
        {
            Assert.Equal(VoxelType.UInt8, reader.VoxelType);
            var unsigned = reader.ReadAllFloat32();
            Assert.Equal(signed.Select(v => v < 0 ? v + 256 : v), unsigned);
        }
        using (var reader = MrcReader.Open(path, new MrcReadOptions { Mode0 = MrcMode0Interpretation.Signed }))
            Assert.Equal(signed, reader.ReadAllFloat32());

        MrcTestFiles.SetInt(bytes, 156, MrcHeader.ImodFlagSignedBytes);
        File.WriteAllBytes(path, bytes);
        using (var reader = MrcReader.Open(path))
            Assert.Equal(VoxelType.Int8, reader.VoxelType);
    }
}
