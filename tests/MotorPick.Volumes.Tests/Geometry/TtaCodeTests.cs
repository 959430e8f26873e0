using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Volumes.Tests.Geometry;

public class TtaCodeTests
{
    public static TheoryData<string> Codes() => [.. TtaCode.AllCodes];

    [Fact]
    public void SixteenCodes() => Assert.Equal(16, TtaCode.AllCodes.Distinct().Count());

    [Fact]
    public void Fact18_ZxyRotatesTheYxPlane()
    {
        var shape = new VolumeShape(2, 3, 4);
        var input = Enumerable.Range(0, 24).ToArray();
        var tta = TtaCode.Parse("zxy");
        var output = new int[24];
        tta.Apply<int>(input, shape, output);
        Assert.Equal(new VolumeShape(2, 4, 3), tta.TransformedShape(shape));
        Assert.Equal([3, 7, 11], output[..3]); // = in[0][:][3]
        Assert.Equal([0, 4, 8], output[9..12]); // out[0][3] = in[0][:][0]
    }

    [Fact]
    public void FlipsApplyAfterThePermutation()
    {
        var shape = new VolumeShape(2, 3, 4);
        var input = Enumerable.Range(0, 24).ToArray();
        var output = new int[24];
        // zxy_x: flip axis position 2 of the rotated (2, 4, 3) array: out[0][0] = [11, 7, 3].
        TtaCode.Parse("zxy_x").Apply<int>(input, shape, output);
        Assert.Equal([11, 7, 3], output[..3]);
        // zyx_z: out[0] = in[1].
        TtaCode.Parse("zyx_z").Apply<int>(input, shape, output);
        Assert.Equal(input[12..], output[..12]);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void InvertUndoesTransformForEveryCode(string code)
    {
        var tta = TtaCode.Parse(code);
        foreach (var shape in new[] { new VolumeShape(2, 3, 4), new VolumeShape(3, 5, 2), new VolumeShape(1, 1, 7) })
        {
            var input = Enumerable.Range(0, (int)shape.VoxelCount).Select(i => i * 1.5f).ToArray();
            var transformed = new float[input.Length];
            tta.Apply<float>(input, shape, transformed);
            var back = new float[input.Length];
            tta.Invert<float>(transformed, tta.TransformedShape(shape), back);
            Assert.Equal(input, back);
            // The parallel array overload gives the same transform.
            var parallel = new float[input.Length];
            tta.Apply(input, shape, parallel, new ParallelOptions());
            Assert.Equal(transformed, parallel);
        }
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void EveryCodeIsAPermutationOfVoxels(string code)
    {
        var shape = new VolumeShape(3, 4, 5);
        var input = Enumerable.Range(0, 60).ToArray();
        var output = new int[60];
        TtaCode.Parse(code).Apply<int>(input, shape, output);
        Assert.Equal(input, output.Order());
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("zyx_")]
    [InlineData("zyx_xx")]
    [InlineData("zyx_w")]
    [InlineData("zxy_x_y")]
    public void RejectsUnknownCodes(string code) => Assert.Throws<MotorPickException>(() => TtaCode.Parse(code));

    [Fact]
    public void ParsesLists() => Assert.Equal(["zyx", "zxy_z"], TtaCode.ParseList("zyx, zxy_z").Select(t => t.Code));
}
