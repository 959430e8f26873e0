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
        Assert.Equal(P("final", "model", "model.json"), heldout[1].Args[2]);

        // the final model: all_gt_v3 over both data roots, every labelled tomogram
        var final = DemoPlan.Final(o, d);
        string[] expected =
        [
            "--labels", P("all_gt_v3.csv"), "--data", P("data", "train"), "--data", P("external", "tomogram"), "--out", P("final", "model"),
            "--preset", "tiny", "--steps", "1500", "--spacing", "32", "--patch", "32,96,96", "--stride", "8", "--seed", "42", "--warmup", "150",
            "--batch-size", "1", "--grad-accum", "1", "--max-val", "1", "--config", P("train-demo.json"),
        ];
        Assert.Equal(["train", .. expected.Take(6)], final.Args.Take(7));
        Assert.Equal(Pairs(expected.Skip(6).ToArray()), Pairs(final.Args.Skip(7).Where(a => a is not ("--resume" or "--train-on-all")).ToArray()));
        Assert.Contains("--train-on-all", final.Args);
        Assert.Equal([P("final", "model", "model.json")], final.Outputs);
    }

    [Fact]
    public void Rounds_2_and_external_are_the_shipped_recipes_sized_for_a_cpu()
    {
        var o = new DemoOptions { Out = "x" };
        var (shipped2, shippedExt) = (ShippedRecipes.Load("round2"), ShippedRecipes.Load("external"));
        var r2 = DemoPlan.Round2Recipe(o);
        Assert.Equal(("round2", "all", "round1/train_labels_round1.csv", "data/train", "reference"), (r2.Name, r2.Kind, r2.TrainLabels, r2.Data, r2.PatchSemantics));
        // the reference's members and weights; the trained ones in their CPU-sized presets on the demo's grid
        Assert.Equal(shipped2.Ensemble.Select(m => (m.Name, m.Weight)), r2.Ensemble.Select(m => (m.Name, m.Weight)));
        Assert.Equal(["resnet101-mini", "convnext-2.5d-mini"], r2.Ensemble.Where(m => m.Train is not null).Select(m => m.Train!.Preset));
        Assert.All(r2.Ensemble.Where(m => m.Train is not null), m => Assert.Equal((1500, 32.0, "cpu"), (m.Train!.Steps, m.Train.Spacing, m.Train.Device)));
        Assert.Equal("round1/fold1/model/model.json", r2.Ensemble.Single(m => m.Model is not null).Model);
        // the reference's decoding: conf, NMS, candidates, logits; the 100 Å blur at 32 Å; one TTA
        Assert.Equal((0.03, 1000.0 / 3, 8, "logits", 3.125, 8), (r2.Predict.Conf, r2.Predict.NmsA, r2.Predict.MaxDets, r2.Predict.Aggregate, r2.Predict.BlurSigma, r2.Predict.Stride));
        Assert.Equal(["zyx"], r2.Predict.Tta);
        Assert.Equal(("top1", 0.5), (r2.Mine.Match, r2.Mine.Threshold));

        var ext = DemoPlan.ExternalRecipe(o);
        Assert.Equal(("external", "external/external_labels_v1.csv", "external/tomogram", "external"), (ext.Name, ext.TrainLabels, ext.Data, ext.PatchSemantics));
        Assert.Equal(shippedExt.Ensemble, ext.Ensemble); // the round-2 models, where round 2 puts them
        Assert.Equal(r2.Ensemble.Select(m => m.Model ?? $"round2/all/{m.Name}/model/model.json"), ext.Ensemble.Select(m => m.Model));
        Assert.Equal((0.05, 4, "cpu"), (ext.Predict.Conf, ext.Predict.MaxDets, ext.Train.Device));

        // quick keeps the ResNet and round 1's model
        Assert.Equal(["resnet101", "x3d-fold1"], DemoPlan.ExternalRecipe(o with { Quick = true }).Ensemble.Select(m => m.Name));
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
