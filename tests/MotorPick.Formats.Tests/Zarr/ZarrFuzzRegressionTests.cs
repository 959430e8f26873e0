using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Zarr;
using MotorPick.Tests;

namespace MotorPick.Formats.Tests.Zarr;

/// <summary>
/// Inputs from fuzzing the zarr reader (bench/fuzz, harness 'zarr'; see tests/fixtures/fuzz/README.md), unpacked into array
/// directories: each must be refused with a MotorPickException naming the file, before any chunk-sized allocation.
/// </summary>
public class ZarrFuzzRegressionTests
{
    [Theory]
    [InlineData("chunk_bytes_overflow", "are too large")]
    [InlineData("chunk_size_over_int32", "chunk size 4294967297 is outside")]
    // A property name escaping a lone surrogate made TryGetProperty throw InvalidOperationException.
    [InlineData("zarray_lone_surrogate_name", "escaped lone surrogate")]
    // Found by AFL: a zlib stream naming a preset dictionary (FDICT) threw System.IO.Compression's ZLibException.
    [InlineData("zlib_preset_dictionary", "corrupt chunk: zlib")]
    // Found by AFL: a blosc block stream of 0 bytes with zlib inside threw ArgumentNullException.
    [InlineData("blosc_zlib_empty_stream", "zlib: no compressed data")]
    public void Malformed_array_is_refused_with_the_files_name(string name, string expected)
    {
        var dir = Fixtures.Path("fuzz", "zarr", name);
        var ex = Assert.Throws<MotorPickException>(() =>
        {
            using var array = ZarrArray.Open(dir);
            _ = array.ReadRegion<float>(VolumeRegion.All(array.Shape));
        });
        Assert.StartsWith(System.IO.Path.GetFullPath(dir), ex.Path);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void A_blosc_blocksize_beyond_the_chunk_does_not_size_the_shuffle_buffer()
    {
        // Header blocksize 2^31 - 1 for a 128-byte chunk: the byte-unshuffle buffer was rented at blocksize
        // (OutOfMemoryException); the single short block decodes normally.
        using var array = ZarrArray.Open(Fixtures.Path("fuzz", "zarr", "blosc_blocksize_int32_max"));
        var values = array.ReadRegion<ushort>(VolumeRegion.All(array.Shape));
        Assert.Equal(64, values.Length);
        Assert.Equal(0x4000, values[0]);
        Assert.Equal(63 | 127 << 8, values[63]);
    }

    [Theory]
    // A NUL in a dataset path made File.ReadAllBytes throw ArgumentException; '..' would leave the image.
    [InlineData("ome_nul_in_dataset_path", "is not a key inside the image")]
    [InlineData("ome_dotdot_dataset_path", "is not a key inside the image")]
    // A rooted path made a mirror of the store (portal ingest) write its keys anywhere (issue 19).
    [InlineData("ome_rooted_dataset_path", "is not a key inside the image")]
    [InlineData("ome_lone_surrogate_name", "escaped lone surrogate")]
    public void Malformed_image_is_refused_with_the_files_name(string name, string expected)
    {
        var dir = Fixtures.Path("fuzz", "zarr", name);
        var ex = Assert.Throws<MotorPickException>(() => OmeZarr.Open(dir));
        Assert.Equal(System.IO.Path.Combine(System.IO.Path.GetFullPath(dir), ".zattrs"), ex.Path);
        Assert.Contains(expected, ex.Message);
    }
}
