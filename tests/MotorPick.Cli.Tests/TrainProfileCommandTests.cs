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

    /// <summary>Eight noise tomograms as JPEG stacks, grey levels spread <paramref name="half"/> either side of 128.</summary>
    private static string WriteNoiseStacks(string root, int half, int seed)
    {
        var rng = new Random(seed);
        for (var t = 0; t < 8; t++)
        {
            const int z = 12, y = 48, x = 48;
            using var w = new Formats.Jpeg.JpegSliceStackWriter(Path.Combine(root, $"tomo_{seed:x2}{t:x4}"), z, y, x);
            var planes = new byte[z * y * x];
            for (var i = 0; i < planes.Length; i++) planes[i] = (byte)(128 + rng.Next(-half, half + 1));
            w.WriteSlices(0, planes);
            w.Complete();
        }
        return root;
    }

    private static string CopyOfShippedModel(TempDir tmp)
    {
        var from = Path.GetDirectoryName(ShippedModel.PathIn(AppContext.BaseDirectory))!;
        var to = tmp.File("model");
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        return to;
    }

    [Fact]
    public void The_training_tomograms_image_statistics_are_recorded_and_predict_warns_on_tomograms_unlike_them()
    {
        using var tmp = Fixtures.TempDir();
        var model = CopyOfShippedModel(tmp);
        var trained = WriteNoiseStacks(tmp.File("trained"), 60, 1);
        var (exit, output) = CliRunner.Run("train", "profile", "--model", model, "--data", trained, "--assume-spacing", "16");
        Assert.True(exit == 0, output);
        var profile = CheckpointCard.Load(Path.Combine(model, "model.json")).TrainingImages!;
        Assert.Equal(8, profile.Tomograms);
        Assert.Contains("image spread: median", output);

        // more data drawn the same way: the check says it looked, and why it is quiet
        var like = CliRunner.RunStreams("predict", "--model", model, "--data", WriteNoiseStacks(tmp.File("like"), 60, 2), "--assume-spacing", "16",
            "--out", tmp.File("like.csv"));
        Assert.True(like.Exit == 0, like.Out + like.Err);
        Assert.Contains("image check: these 8 tomograms look like the model's 8 training tomograms", Flat(like.Err));
        Assert.DoesNotContain("do not look like", Flat(like.Err));

        // a quarter of the contrast: the warning names the spread and gives both sides' numbers
        var unlike = CliRunner.RunStreams("predict", "--model", model, "--data", WriteNoiseStacks(tmp.File("unlike"), 15, 3), "--assume-spacing", "16",
            "--out", tmp.File("unlike.csv"));
        Assert.True(unlike.Exit == 0, unlike.Out + unlike.Err);
        var warning = Flat(unlike.Err);
        Assert.Contains("these 8 tomograms do not look like the 8 the model was trained on", warning);
        Assert.Contains("grey-level standard deviation: median", warning);
        Assert.Contains("Kolmogorov-Smirnov D = 1", warning);
    }

    private static string Flat(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void Nothing_to_record_is_an_error()
    {
        using var tmp = Fixtures.TempDir();
        var card = CopyOfShippedCard(tmp);
        var (exit, output) = CliRunner.Run("train", "profile", "--model", card);
        Assert.Equal(1, exit);
        Assert.Contains("--candidates", output);
        Assert.Contains("--data", output);
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
