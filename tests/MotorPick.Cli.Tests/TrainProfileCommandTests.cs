using MotorPick.Cli.Commands.Predict;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Model.Training;
using MotorPick.Tests;

namespace MotorPick.Cli.Tests;

/// <summary><c>train profile</c> records held-out confidences in a card that was trained without validation.</summary>
public class TrainProfileCommandTests
{
    private static string CopyOfShippedCard(TempDir tmp)
    {
        var card = tmp.File("model.json");
        File.Copy(Path.Combine(Path.GetDirectoryName(ShippedModel.PathIn(AppContext.BaseDirectory))!, "model.json"), card);
        return card;
    }

    [Fact]
    public void The_profile_of_held_out_candidates_is_written_into_the_card_with_every_value()
    {
        using var tmp = Fixtures.TempDir();
        var card = CopyOfShippedCard(tmp);
        var rows = Enumerable.Range(0, 10).SelectMany(i => new[]
        {
            new Prediction($"tomo_{i:x6}", new Point3(10, 20, 30), i / 10.0),
            new Prediction($"tomo_{i:x6}", new Point3(11, 21, 31), i / 20.0),
        });
        PredictionsFile.WriteCandidates(tmp.File("heldout.csv"), rows);
        var (exit, output) = CliRunner.Run("train", "profile", "--model", card, "--candidates", tmp.File("heldout.csv"), "--threshold", "0.45");
        Assert.True(exit == 0, output);
        var profile = CheckpointCard.Load(card).ValidationConfidence!;
        Assert.Equal(10, profile.Tomograms);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i / 10.0), profile.Best!);
        Assert.Equal(0.45, profile.Threshold);
        Assert.Equal(0.5, profile.ShareAbove, 12);
        Assert.Contains("over 10 tomograms", output);
    }

    [Fact]
    public void Too_few_tomograms_for_the_distribution_test_are_refused_and_the_card_is_untouched()
    {
        using var tmp = Fixtures.TempDir();
        var card = CopyOfShippedCard(tmp);
        var before = File.ReadAllText(card);
        PredictionsFile.WriteCandidates(tmp.File("few.csv"), [new Prediction("tomo_000001", new Point3(1, 2, 3), 0.9)]);
        var (exit, output) = CliRunner.Run("train", "profile", "--model", card, "--candidates", tmp.File("few.csv"));
        Assert.Equal(1, exit);
        Assert.Contains("few.csv", output);
        Assert.Contains("at least 8", output);
        Assert.Equal(before, File.ReadAllText(card));
    }
}
