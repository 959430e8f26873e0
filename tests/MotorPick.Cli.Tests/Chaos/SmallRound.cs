using MotorPick.Rounds.Recipes;
using MotorPick.Tests;

namespace MotorPick.Cli.Tests.Chaos;

/// <summary>A train-on-all round on the chaos data, small enough to kill and rerun in a test.</summary>
internal sealed record SmallRound(RoundRecipe Recipe, string RecipePath, string Root)
{
    public string[] Args => ["round", "run", "--config", RecipePath];

    public static SmallRound Write(TempDir tmp, ChaosData data, int steps)
    {
        File.WriteAllText(tmp.File("train.json"), """{"checkpoint_interval": 4, "threads": 1}""");
        var recipe = new RoundRecipe
        {
            Name = "round1",
            Kind = "all",
            TrainLabels = data.Labels,
            Data = data.Train,
            Train = new TrainStep { Preset = "tiny", Steps = steps, Spacing = 16, Patch = [32, 32, 32], Stride = 8, Warmup = 2, BatchSize = 1, GradAccum = 1, Config = "train.json" },
            Predict = new PredictStep { Stride = 8, Conf = 0.01, MaxDets = 2 },
            Mine = new MineStep { Threshold = 0.01, Match = "all" },
        };
        var recipePath = tmp.File("round1.json");
        File.WriteAllText(recipePath, recipe.ToJson());
        return new SmallRound(recipe, recipePath, RoundPlanner.PathsFor(recipe, tmp.Path).Root);
    }
}
