using System.Text.Json;
using MotorPick.Tests;

namespace MotorPick.Cli.Tests;

/// <summary>
/// <c>motorpick train</c> with the round-2 encoders' CPU-sized presets: a couple of steps on two tiny synthetic
/// tomograms write a loadable model card, weights and a checked ONNX export.
/// </summary>
public class TrainCommandTests
{
    [Theory]
    [InlineData("resnet101-mini", "resnet")]
    [InlineData("convnext-2.5d-mini", "convnext2.5d")]
    public void Trains_a_round_2_preset_for_two_steps_and_exports_it(string preset, string encoder)
    {
        using var tmp = Fixtures.TempDir();
        var (exit, output) = CliRunner.Run("synth", "--preset", "tiny", "--count", "2", "--seed", "3", "--out", tmp.File("synth"));
        Assert.True(exit == 0, output);
        (exit, output) = CliRunner.Run("labels", "gt", "--labels", tmp.File("synth/train_labels.csv"), "--out", tmp.File("gt.csv"));
        Assert.True(exit == 0, output);
        var run = tmp.File("run");
        (exit, output) = CliRunner.Run("train", "--labels", tmp.File("gt.csv"), "--data", tmp.File("synth/train"), "--train-on-all", "--preset", preset,
            "--steps", "2", "--spacing", "16", "--patch", "32", "--stride", "16", "--batch-size", "1", "--grad-accum", "1", "--warmup", "1",
            "--threads", "1", "--out", run);
        Assert.True(exit == 0, output);
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "model.json")));
        var model = card.RootElement.GetProperty("model");
        Assert.Equal(preset, model.GetProperty("preset").GetString());
        Assert.Equal(encoder, model.GetProperty("encoder").GetString());
        Assert.Equal(2, card.RootElement.GetProperty("steps").GetInt64());
        Assert.Equal(encoder == "convnext2.5d", model.TryGetProperty("slice_grouping", out _));
        Assert.True(File.Exists(Path.Combine(run, "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(run, "model.onnx")), output);
    }

    [Fact]
    public void The_preset_option_names_the_round_2_presets()
    {
        // --help rather than --list-presets, which builds every network (resnet101 alone is 86 M parameters)
        var (exit, output) = CliRunner.Run("train", "--help");
        Assert.True(exit == 0, output);
        foreach (var name in new[] { "resnet101", "resnet101-mini", "convnext-tiny-2.5d", "convnext-2.5d-mini" })
            Assert.Contains(name, output);
    }
}
