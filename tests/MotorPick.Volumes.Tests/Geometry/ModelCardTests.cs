using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Tests;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Volumes.Tests.Geometry;

public class ModelCardTests
{
    [Fact]
    public void ParsesSnakeCaseAndDefaultsToRawInput()
    {
        var card = ModelCard.Parse("""{ "name": "tiny", "stride": 4, "target_spacing": 16.0, "patch_size": [16, 32, 32] }""");
        Assert.Equal(4, card.Stride);
        Assert.Equal(new VolumeShape(16, 32, 32), card.Patch);
        Assert.True(card.IsRawInput);
    }

    [Fact]
    public void RoundTripsThroughAFile()
    {
        using var dir = Fixtures.TempDir();
        var card = new ModelCard { Name = "x3d", Stride = 16, InputMean = 114.75, InputStd = 57.375, InputName = "image" };
        var path = dir.File("m.onnx.json");
        card.Save(path);
        Assert.Equal(path, ModelCard.FindBeside(dir.File("m.onnx")));
        var back = ModelCard.Load(path);
        Assert.Equal(card.ToJson(), back.ToJson());
    }

    [Theory]
    [InlineData("""{ "stride": 0 }""", "stride")]
    [InlineData("""{ "patch_size": [1, 2] }""", "patch_size")]
    [InlineData("""{ "input_std": 0 }""", "input_std")]
    [InlineData("""{ "stride": "four" }""", "$.stride")]
    public void RejectsBadCards(string json, string field)
    {
        var e = Assert.Throws<MotorPickException>(() => ModelCard.Parse(json, "card.json"));
        Assert.Equal(field, e.Field);
    }
}
