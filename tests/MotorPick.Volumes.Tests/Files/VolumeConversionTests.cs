using System.Text.Json;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Jpeg;
using MotorPick.Formats.Npy;
using MotorPick.Formats.Voxels;
using MotorPick.Tests;
using MotorPick.Volumes.Files;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Volumes.Tests.Files;

public class VolumeConversionTests
{
    private static (double Sum, double Min, double Max) Manifest(string path, int? level = null)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("peer", "manifest.json")));
        var f = doc.RootElement.GetProperty("files").EnumerateArray()
            .First(e => e.GetProperty("path").GetString() == path && (level is null || e.GetProperty("level").GetInt32() == level));
        return (f.GetProperty("sum").GetDouble(), f.GetProperty("min").GetDouble(), f.GetProperty("max").GetDouble());
    }

    [Theory]
    [InlineData("mrc/mode2_float32.mrc")]
    [InlineData("mrc/mode1_int16.mrc")]
    [InlineData("mrc/exthdr_float32.mrc")]
    public void Info_of_an_mrc_matches_the_manifest(string file)
    {
        var (sum, min, max) = Manifest(file);
        var d = VolumeInfo.Describe(Fixtures.Path("peer", file));
        Assert.Equal(VolumeFormat.Mrc, d.Format);
        Assert.Equal(new VolumeShape(7, 11, 13), d.Shape);
        Assert.Equal(min, d.Statistics!.Min);
        Assert.Equal(max, d.Statistics.Max);
        Assert.Equal(sum, d.Statistics.Mean * d.Statistics.Count, 6);
    }

    [Fact]
    public void Info_of_ome_zarr_and_jpeg_stacks()
    {
        var (sum, _, max) = Manifest("zarr/zstd.zarr", level: 0);
        var z = VolumeInfo.Describe(Fixtures.Path("peer", "zarr", "zstd.zarr"));
        Assert.Equal(VolumeFormat.OmeZarr, z.Format);
        Assert.Equal(new VolumeShape(20, 24, 28), z.Shape);
        Assert.Equal(max, z.Statistics!.Max);
        Assert.Equal(sum, z.Statistics.Mean * z.Statistics.Count, 6);
        var j = VolumeInfo.Describe(Fixtures.Path("peer", "slices", "tomo_fixture"));
        Assert.Equal(VolumeFormat.JpegStack, j.Format);
        Assert.Equal(1664178.0, j.Statistics!.Mean * j.Statistics.Count, 6);
    }

    [Fact]
    public void Mrc_to_normalised_resampled_jpeg_stack_and_back_to_npy()
    {
        using var dir = Fixtures.TempDir();
        var stackDir = dir.File("tomo_x");
        var r = VolumeConversion.Convert(Fixtures.Path("peer", "zarr", "zstd.zarr"), stackDir, new ConversionOptions
        {
            TargetVoxelSize = 16,
            Normalize = PercentileWindow.Reference,
        });
        Assert.Equal(new VolumeShape(16, 19, 23), r.OutputShape); // floor(n * 13.328/16)
        Assert.NotNull(r.Window);
        var stack = JpegSliceStack.Open(stackDir);
        Assert.Equal(16, stack.Depth);
        var bytes = stack.ReadAll();
        Assert.True(bytes.Distinct().Count() > 100); // spread over the 0..255 range by the percentile window

        var npy = dir.File("x.npy");
        VolumeConversion.Convert(stackDir, npy, new ConversionOptions());
        using var back = NpyReader.Open(npy);
        Assert.Equal(VoxelType.UInt8, back.VoxelType);
        Assert.Equal(bytes, back.ReadAll<byte>());
    }

    [Fact]
    public void Mrc_float32_round_trip_keeps_values()
    {
        using var dir = Fixtures.TempDir();
        var output = dir.File("copy.mrc");
        var result = VolumeConversion.Convert(Fixtures.Path("peer", "mrc", "mode2_float32.mrc"), output, new ConversionOptions());
        Assert.Equal(VoxelType.Float32, result.OutputType);
        using var a = VolumeFiles.Open(Fixtures.Path("peer", "mrc", "mode2_float32.mrc"));
        using var b = VolumeFiles.Open(output);
        Assert.Equal(a.ReadAll<float>(), b.ReadAll<float>());
        Assert.Equal(a.VoxelSize, b.VoxelSize);
    }
}
