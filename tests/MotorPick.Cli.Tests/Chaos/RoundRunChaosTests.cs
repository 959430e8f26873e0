using MotorPick.Rounds.Recipes;
using MotorPick.Tests;
using Xunit.Abstractions;

namespace MotorPick.Cli.Tests.Chaos;

[Collection(ChaosCollection.Name)]
public class RoundRunChaosTests(ChaosData data, ITestOutputHelper log)
{
    /// <summary>
    /// A train-on-all round (gt, train, predict, merge, mine, render, CVAT export) killed three times ends with the
    /// outputs of an uninterrupted round. Not compared: manifest.json (times, and which steps ran or were skipped, by
    /// design), and the wall-clock columns of the training log and checkpoint state (see the train chaos test).
    /// </summary>
    [Fact]
    public void A_killed_round_resumes_its_steps_to_the_same_outputs()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("train.json"), """{"checkpoint_interval": 4, "threads": 1}""");
        var recipe = new RoundRecipe
        {
            Name = "round1",
            Kind = "all",
            TrainLabels = data.Labels,
            Data = data.Train,
            Train = new TrainStep { Preset = "tiny", Steps = 16, Spacing = 16, Patch = [32, 32, 32], Stride = 8, Warmup = 2, BatchSize = 1, GradAccum = 1, Config = "train.json" },
            Predict = new PredictStep { Stride = 8, Conf = 0.01, MaxDets = 2 },
            Mine = new MineStep { Threshold = 0.01, Match = "all" },
        };
        var recipePath = tmp.File("round1.json");
        File.WriteAllText(recipePath, recipe.ToJson());
        var root = RoundPlanner.PathsFor(recipe, tmp.Path).Root;
        string[] args = ["round", "run", "--config", recipePath];
        var chaos = ChaosRun.Start(root, args, seed: 606);
        var steps = RoundPlanner.Preparation(recipe, tmp.Path).Concat(RoundPlanner.Plan(recipe, tmp.Path)).ToList();
        var done = steps.Where(s => s.Outputs.All(o => File.Exists(o) || Directory.Exists(o))).Select(s => s.Name).ToList();

        var final = chaos.Finish(args);
        log.WriteLine(chaos.Describe(final) + $"; steps done before the rerun: {string.Join(", ", done)}");
        chaos.AssertSameOutputs(rel => rel is "manifest.json" || rel.EndsWith("/train_log.csv", StringComparison.Ordinal) || rel.EndsWith("/checkpoint/state.json", StringComparison.Ordinal));
        chaos.AssertNoLeftovers();
        foreach (var name in done) ChaosRun.AssertLogged(final, $"{name}: outputs exist, skipped");
        foreach (var name in steps.Select(s => s.Name).Except(done)) ChaosRun.AssertLogged(final, $"step {name} done");
    }
}
