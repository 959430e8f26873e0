using System.Text.Json;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Npy;
using MotorPick.Tests;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Volumes.Tests.Resampling;

/// <summary>The re-spacing against torch 1.13 <c>F.interpolate(trilinear, align_corners=False, recompute_scale_factor=False)</c> outputs.</summary>
public class ResampleFixtureTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("peer", "resample", "cases.json")));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("output").GetString()!);
        return data;
    }

    private static (JsonElement Case, Volume<float> Input) Load(string output)
    {
        var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("peer", "resample", "cases.json")));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("output").GetString() == output);
        using var reader = NpyReader.Open(Fixtures.Path("peer", "resample", c.GetProperty("input").GetString()!));
        var input = new Volume<float>(reader.Shape, VoxelSize.Isotropic(c.GetProperty("ori_spacing").GetDouble()), reader.ReadAll<float>());
        return (c, input);
    }

    private static VolumePipeline Pipeline(JsonElement c, Volume<float> input, long slabVoxels = 16L << 20) =>
        new(new InMemoryVolumeReader<float>(input), new VolumePipelineOptions
        {
            TargetVoxelSize = c.GetProperty("target_spacing").GetDouble(),
            SlabVoxels = slabVoxels,
        });

    // The fixtures come from a 1-channel tensor, which torch 1.13 runs through its channels-last kernel (different
    // rounding); MotorPick reproduces the generic kernel exactly (checked against torch with 2 channels). The two
    // differ by at most a few float32 ulps: 3.1e-5 here, on values up to 255 (ulp 1.5e-5).
    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_output_equals_torch_to_float32_rounding(string output)
    {
        var (c, input) = Load(output);
        var result = Pipeline(c, input).RunToVolume<float>();
        using var expectedReader = NpyReader.Open(Fixtures.Path("peer", "resample", output));
        Assert.Equal(c.GetProperty("output_shape").EnumerateArray().Select(e => e.GetInt32()), new[] { result.Shape.Z, result.Shape.Y, result.Shape.X });
        Assert.Equal(expectedReader.Shape, result.Shape);
        var expected = expectedReader.ReadAll<float>();
        var maxUlps = expected.Zip(result.Data, (a, b) => Math.Abs(BitConverter.SingleToInt32Bits(a) - BitConverter.SingleToInt32Bits(b))).Max();
        Assert.InRange(maxUlps, 0, 4);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void UInt8_output_equals_torch_truncation_exactly(string output)
    {
        var (c, input) = Load(output);
        var result = Pipeline(c, input).RunToVolume<byte>();
        using var expectedReader = NpyReader.Open(Fixtures.Path("peer", "resample", c.GetProperty("output_uint8_trunc").GetString()!));
        Assert.Equal(expectedReader.ReadAll<byte>(), result.Data);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_plane_slabs_give_the_same_result(string output)
    {
        var (c, input) = Load(output);
        var whole = Pipeline(c, input).RunToVolume<float>();
        var streamed = Pipeline(c, input, slabVoxels: 1).RunToVolume<float>();
        Assert.Equal(whole.Data, streamed.Data);
    }
}
