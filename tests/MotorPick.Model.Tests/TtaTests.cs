using MotorPick.Formats.Geometry;
using MotorPick.Model.Data;
using MotorPick.Model.Targets;
using MotorPick.Volumes;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Model.Tests;

public class TtaTests
{
    [Fact]
    public void SixteenTrainCodes() => Assert.Equal(16, TtaCode.AllCodes.Distinct().Count());

    [Fact]
    public void ZxyMatchesReferenceFact18()
    {
        var input = new Volume<int>(new VolumeShape(2, 3, 4), VoxelSize.Unknown, Enumerable.Range(0, 24).ToArray());
        var output = TtaCode.Parse("zxy").Apply(input);
        Assert.Equal((2, 4, 3), output.Shape);
        Assert.Equal([3, 7, 11], new[] { output[0, 0, 0], output[0, 0, 1], output[0, 0, 2] });
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void InvertUndoesApply(string code)
    {
        var input = new Volume<int>(new VolumeShape(2, 3, 4), VoxelSize.Unknown, Enumerable.Range(0, 24).ToArray());
        var tta = TtaCode.Parse(code);
        Assert.Equal(input.Data, tta.Invert(tta.Apply(input)).Data);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void KeypointFollowsTheVoxel(string code)
    {
        var input = Volume<int>.Allocate(new VolumeShape(4, 5, 6), VoxelSize.Unknown);
        input[1, 2, 3] = 1;
        var tta = TtaCode.Parse(code);
        var output = tta.Apply(input);
        var kp = tta.Apply(new Keypoint(1, 2, 3, 1), 4, 5, 6);
        Assert.Equal(1, output[(int)kp.Z, (int)kp.Y, (int)kp.X]);
    }

    public static TheoryData<string> Codes() => new(TtaCode.AllCodes);

    [Fact]
    public void BadCodeIsRejected() => Assert.Throws<Core.MotorPickException>(() => TtaCode.Parse("yzx"));
}
