using System.Text.Json;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Npy;
using MotorPick.Inference.Respacing;
using MotorPick.Tests;
using MotorPick.Volumes;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Inference.Tests.Respacing;

public class StreamingRespacerTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("peer", "resample", "cases.json")));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("output_uint8_trunc").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fact15_MatchesTorchTrilinearTruncatedToUint8(string expectedFile)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("peer", "resample", "cases.json")));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("output_uint8_trunc").GetString() == expectedFile);
        using var input = NpyReader.Open(Fixtures.Path("peer", "resample", c.GetProperty("input").GetString()!));
        using var expectedReader = NpyReader.Open(Fixtures.Path("peer", "resample", expectedFile));
        var expected = expectedReader.ReadAll<byte>();
        var spaced = StreamingRespacer.Respace(input, c.GetProperty("ori_spacing").GetDouble(), c.GetProperty("target_spacing").GetDouble());
        Assert.Equal(expectedReader.Shape, spaced.Shape);
        Assert.Equal(expected, spaced.Planes.SelectMany(p => p).ToArray());
    }

    [Fact]
    public void Fact15_ReferenceShapes()
    {
        Assert.Equal(new VolumeShape(292, 935, 904), Shape(new VolumeShape(300, 959, 928), 15.6));
        Assert.Equal(245, Shape(new VolumeShape(300, 8, 8), 13.1).Z);
    }

    private static VolumeShape Shape(VolumeShape s, double ori) =>
        new(Volumes.Resampling.AxisPlan.OutputLength(Volumes.Resampling.ResampleMethod.TorchTrilinear, s.Z, ori, 16),
            Volumes.Resampling.AxisPlan.OutputLength(Volumes.Resampling.ResampleMethod.TorchTrilinear, s.Y, ori, 16),
            Volumes.Resampling.AxisPlan.OutputLength(Volumes.Resampling.ResampleMethod.TorchTrilinear, s.X, ori, 16));

    [Fact]
    public void EqualSpacingPassesBytesThroughWithTheQuantisationFix()
    {
        var shape = new VolumeShape(20, 3, 5);
        var data = Enumerable.Range(0, (int)shape.VoxelCount).Select(i => (byte)(i * 7)).ToArray();
        using var reader = new InMemoryVolumeReader<byte>(new Volume<byte>(shape, VoxelSize.Isotropic(16), data));
        var spaced = StreamingRespacer.Respace(reader, 16, 16, QuantisationFix.CompetitionPlus127);
        Assert.Equal(data.Select(b => (byte)(b + 127)).ToArray(), spaced.Planes.SelectMany(p => p).ToArray());
    }

    [Fact]
    public void LongVolumesStreamThroughSeveralChunks()
    {
        // 40 planes at 13.1 -> 16 A: 32 output planes, 4 chunks; a z ramp stays monotone and in range.
        var shape = new VolumeShape(40, 6, 6);
        var data = new byte[shape.VoxelCount];
        for (var z = 0; z < 40; z++) data.AsSpan(z * 36, 36).Fill((byte)(z * 6));
        using var reader = new InMemoryVolumeReader<byte>(new Volume<byte>(shape, VoxelSize.Isotropic(13.1), data));
        var spaced = StreamingRespacer.Respace(reader, 13.1, 16);
        Assert.Equal(new VolumeShape(32, 4, 4), spaced.Shape);
        var firstOfPlanes = spaced.Planes.Select(p => p[0]).ToArray();
        Assert.Equal(firstOfPlanes.Order(), firstOfPlanes);
        Assert.All(spaced.Planes, p => Assert.All(p, v => Assert.Equal(p[0], v)));
    }
}
