using System.Text.Json;
using MotorPick.Cli.Commands.Predict;
using MotorPick.Core;
using MotorPick.Inference.Models;
using MotorPick.Labels.Tables;
using MotorPick.Volumes.Geometry;
using MotorPick.Tests;

namespace MotorPick.Cli.Tests;

/// <summary>The default model in models/default ships beside the executable, so predict works without --model.</summary>
public class ShippedModelTests
{
    private static string Shipped => ShippedModel.PathIn(AppContext.BaseDirectory);

    [Fact]
    public void Predict_without_a_model_runs_the_shipped_default_model_and_says_what_it_is()
    {
        using var tmp = Fixtures.TempDir();
        var data = tmp.File("data");
        PredictCommandTests.WriteStack(Path.Combine(data, "tomo_aaaaaa"), 40, 96, 96, 1);
        var run = CliRunner.RunStreams("predict", "--data", data, "--assume-spacing", "16", "--conf", "0.0", "--out", tmp.File("cand.csv"));
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var notice = string.Join(' ', run.Err.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("never saw a real tomogram", notice);
        Assert.Contains("models/default/model.onnx", notice);
        Assert.Contains(PredictionsFile.Read(tmp.File("cand.csv")), r => r.TomoId == "tomo_aaaaaa");
    }

    [Fact]
    public void The_shipped_model_has_a_card_and_a_model_card_readme_that_say_what_it_learnt_from()
    {
        Assert.True(File.Exists(Shipped), Shipped);
        var card = ModelCard.Load(Shipped + ".json");
        Assert.Equal("tiny", card.Name);
        // the checkpoint card beside it records the training: steps run, the machine, the confidences predict compares with
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(Shipped)!, "model.json")));
        Assert.True(json.RootElement.GetProperty("steps").GetInt32() > 0);
        Assert.Contains("AMD EPYC", json.RootElement.GetProperty("machine").GetString());
        Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("validation_confidence").ValueKind);
        Assert.Equal(160, json.RootElement.GetProperty("training_images").GetProperty("tomograms").GetInt32());
        var readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Shipped)!, "README.md"));
        Assert.Contains("never saw a real tomogram", readme);
        Assert.Contains("synth --preset randomised", readme);
        Assert.Contains("| in-distribution", readme);
    }

    [Fact]
    public void An_install_without_the_default_model_asks_for_one()
    {
        using var tmp = Fixtures.TempDir();
        var e = Assert.Throws<MotorPickException>(() => ShippedModel.Locate(tmp.Path));
        Assert.Contains("--model", e.Message);
    }
}
