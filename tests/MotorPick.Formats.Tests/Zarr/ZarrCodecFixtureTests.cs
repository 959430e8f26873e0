using MotorPick.Formats.Access;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Zarr;

namespace MotorPick.Formats.Tests.Zarr;

/// <summary>Arrays written by python3-zarr with every compressor variant (Data/make_extra_zarr.py).</summary>
public class ZarrCodecFixtureTests
{
    [Theory]
    [InlineData("blosclz_shuffle", VoxelType.Float32)]
    [InlineData("blosclz_noshuffle_i2", VoxelType.Int16)]
    [InlineData("lz4_bitshuffle_u2", VoxelType.UInt16)]
    [InlineData("lz4hc_shuffle_f8", VoxelType.Float64)]
    [InlineData("zlib_shuffle", VoxelType.Float32)]
    [InlineData("blosc_leftover_block", VoxelType.Float32)]
    [InlineData("blosc_memcpyed", VoxelType.Float32)]
    [InlineData("gzip_i1", VoxelType.Int8)]
    [InlineData("zlib_u1", VoxelType.UInt8)]
    [InlineData("lz4_plain", VoxelType.Float32)]
    [InlineData("zstd_dot_separator", VoxelType.Float32)]
    public void Every_codec_variant_decodes_to_the_pattern(string name, VoxelType type)
    {
        using var array = ZarrArray.Open(ZarrTestFiles.Extra(name));
        Assert.Equal(type, array.VoxelType);
        var data = array.ReadAllFloat32();
        var s = array.Shape;
        for (int z = 0; z < s.Z; z++)
            for (int y = 0; y < s.Y; y++)
                for (int x = 0; x < s.X; x++)
                {
                    double p = ZarrTestFiles.Pattern(z, y, x);
                    double expected = type switch
                    {
                        VoxelType.Float32 or VoxelType.Float64 => p / 8,
                        VoxelType.UInt16 => p + 1000,
                        VoxelType.UInt8 => p + 100,
                        VoxelType.Int8 => unchecked((sbyte)(int)p), // numpy astype wraps
                        _ => p,
                    };
                    Assert.Equal(expected, data[(z * s.Y + y) * s.X + x]);
                }
    }

    [Fact]
    public void Raw_reads_return_the_stored_type()
    {
        using var array = ZarrArray.Open(ZarrTestFiles.Extra("lz4_bitshuffle_u2"));
        var raw = array.ReadAll<ushort>();
        Assert.Equal((ushort)(ZarrTestFiles.Pattern(1, 2, 3) + 1000), raw[(1 * 10 + 2) * 11 + 3]);
        Assert.Throws<MotorPick.Core.MotorPickException>(() => array.ReadAll<short>());
    }

    [Fact]
    public void Missing_chunks_read_as_the_NaN_fill_value()
    {
        using var array = ZarrArray.Open(ZarrTestFiles.Extra("missing_chunks_nan"));
        Assert.True(double.IsNaN(array.Metadata.FillValue));
        var data = array.ReadAllFloat32();
        var s = array.Shape;
        for (int z = 0; z < s.Z; z++)
            for (int y = 0; y < s.Y; y++)
                for (int x = 0; x < s.X; x++)
                {
                    float v = data[(z * s.Y + y) * s.X + x];
                    if (z < 4 && y < 8 && x < 8) Assert.Equal(ZarrTestFiles.Pattern(z, y, x) / 8, v);
                    else Assert.True(float.IsNaN(v), $"({z},{y},{x}) = {v}");
                }
    }
}
