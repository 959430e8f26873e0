using MotorPick.Rounds.Demo;
using MotorPick.Rounds.Recipes;
using MotorPick.Tests;

namespace MotorPick.Rounds.Tests;

/// <summary>The demo's steps, now typed commands, are the command lines it ran when they were string literals.</summary>
public class DemoPlanTests
{
    [Fact]
    public void The_demo_runs_the_same_command_lines_as_before()
    {
        using var tmp = Fixtures.TempDir();
        var o = new DemoOptions { Out = tmp.Path };
        var d = new DemoPaths(tmp.Path);
        var round = RoundPlanner.PathsFor(DemoPlan.Recipe(o), tmp.Path);
        string P(params string[] parts) => Path.Combine([tmp.Path, .. parts]);

        var synth = DemoPlan.Synthesis(o, d);
        Assert.Equal(["synth", "--out", P("data"), "--preset", "demo", "--count", "60", "--seed", "1", "--label-drop", "0.3", "--label-jitter-a", "50"], synth[0].Args);
        Assert.Equal(["synth", "--out", P("heldout"), "--preset", "demo", "--count", "20", "--seed", "1001"], synth[1].Args);
        Assert.Equal(["review", "simulate", "--review", P("round1", "review"), "--truth", P("data", "truth.csv"), "--error-rate", "0.02", "--seed", "1"],
            DemoPlan.Review(o, d, round).Args);
        var heldout = DemoPlan.HeldOut(o, d, round);
        Assert.Equal(["predict", "--model", P("round1", "fold0", "model", "model.json"), "--data", P("heldout", "train"), "--labels", P("heldout", "truth.csv"),
            "--tta", "zyx", "--stride", "8", "--conf", "0.02", "--aggregate", "probs", "--out", P("eval", "before.csv")], heldout[0].Args);
        Assert.Equal(P("after", "model", "model.json"), heldout[1].Args[2]);

        // the retraining lists its options in the round's order now: the same options and values
        var retrain = DemoPlan.Retrain(o, d, round);
        string[] before =
        [
            "--labels", P("round1", "gt_round1.csv"), "--data", P("data", "train"), "--split", P("round1", "split_round1.json"), "--fold", "0",
            "--preset", "tiny", "--steps", "2000", "--spacing", "32", "--patch", "32,96,96", "--stride", "8", "--warmup", "200", "--batch-size", "1",
            "--grad-accum", "1", "--max-val", "1", "--config", P("train-demo.json"), "--seed", "42", "--out", P("after", "model"),
        ];
        Assert.Equal("train", retrain.Args[0]);
        Assert.Equal(Pairs(before), Pairs(retrain.Args.Skip(1).Where(a => a != "--resume").ToArray()));
        Assert.Contains("--resume", retrain.Args);
        Assert.Equal([P("after", "model", "model.json")], retrain.Outputs);
    }

    [Fact]
    public void The_demo_recipe_and_training_config_are_as_before()
    {
        var o = new DemoOptions { Out = "x", Quick = true };
        var r = DemoPlan.Recipe(o);
        Assert.Equal(("round1", "kfold", 2, 42, 100, 250, 25), (r.Name, r.Kind, r.Folds, r.Seed, r.MaxValMotors, r.Train.Steps, r.Train.Warmup));
        Assert.Equal(["zyx"], r.Predict.Tta);
        Assert.Equal((8, 0.05, 1000.0 / 3, 4, "probs", "double"), (r.Predict.Stride, r.Predict.Conf, r.Predict.NmsA, r.Predict.MaxDets, r.Predict.Aggregate, r.Predict.Fp16Coords));
        Assert.Equal((0.5, "all"), (r.Mine.Threshold, r.Mine.Match));
        Assert.Equal("{\n  \"sigma_angstrom\": 400,\n  \"lr\": 0.002\n}\n", DemoPlan.TrainConfigJson(o));
    }

    private static IReadOnlyList<(string, string)> Pairs(IReadOnlyList<string> args) =>
        Enumerable.Range(0, args.Count / 2).Select(i => (args[2 * i], args[2 * i + 1])).OrderBy(p => p.Item1, StringComparer.Ordinal).ToArray();
}
