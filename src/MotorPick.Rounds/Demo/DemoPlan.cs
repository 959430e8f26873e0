using System.Globalization;
using MotorPick.Curation.Review;
using MotorPick.Rounds.Execution;
using MotorPick.Rounds.Invocations;
using MotorPick.Rounds.Recipes;

namespace MotorPick.Rounds.Demo;

/// <summary>Where the demo puts its files under its working folder.</summary>
public sealed record DemoPaths(string Root)
{
    public string Data => Path.Combine(Root, "data");
    public string Train => Path.Combine(Data, "train");
    public string Truth => Path.Combine(Data, "truth.csv");
    public string HeldOut => Path.Combine(Root, "heldout");
    public string HeldOutTruth => Path.Combine(HeldOut, "truth.csv");
    public string TrainConfig => Path.Combine(Root, "train-demo.json");
    public string Recipe => Path.Combine(Root, "round1.json");
    public string AfterModel => Path.Combine(Root, "after", "model");
    public string Eval => Path.Combine(Root, "eval");
}

/// <summary>
/// The demo's steps, as typed commands: synthesis, the round-1 recipe, the simulated review, the retraining and the
/// held-out predictions. <see cref="DemoRunner"/> runs them; a test parses each with the real command tree.
/// </summary>
public static class DemoPlan
{
    public static IReadOnlyList<RoundStep> Synthesis(DemoOptions o, DemoPaths d) =>
    [
        new RoundStep("synth-train", new SynthInvocation(d.Data, "demo", o.TrainTomograms, o.Seed) { LabelDrop = o.LabelDrop, LabelJitterA = o.LabelJitterA },
            [], [Path.Combine(d.Data, "synth.json")]),
        new RoundStep("synth-heldout", new SynthInvocation(d.HeldOut, "demo", o.HeldOutTomograms, o.Seed + 1000), [], [Path.Combine(d.HeldOut, "synth.json")]),
    ];

    /// <summary>Round 1 on the synthetic data (paths relative to the demo's folder, where the recipe is written).</summary>
    public static RoundRecipe Recipe(DemoOptions o) => new()
    {
        Name = "round1",
        Kind = "kfold",
        TrainLabels = "data/train_labels.csv",
        Data = "data/train",
        Folds = o.Folds,
        Seed = 42,
        // Out-of-fold predictions must cover every tomogram, also those with several motors.
        MaxValMotors = 100,
        Train = new TrainStep
        {
            Preset = o.Preset, Steps = o.TrainSteps, Spacing = o.Spacing, Patch = o.Patch, Stride = o.Stride, Warmup = Warmup(o),
            BatchSize = 1, GradAccum = 1, MaxVal = 1, Config = "train-demo.json",
        },
        Predict = new PredictStep { Tta = ["zyx"], Stride = o.Stride, Conf = 0.05, NmsA = 1000.0 / 3, MaxDets = 4, Aggregate = "probs", Fp16Coords = "double" },
        Mine = new MineStep { Threshold = o.MineThreshold, Match = "all" },
    };

    /// <summary>The demo-only training settings (see <see cref="DemoOptions.SigmaAngstrom"/>).</summary>
    public static string TrainConfigJson(DemoOptions o) =>
        $"{{\n  \"sigma_angstrom\": {Inv(o.SigmaAngstrom)},\n  \"lr\": {Inv(o.LearningRate)}\n}}\n";

    /// <summary>The simulated reviewer answers the round's review from the truth.</summary>
    public static RoundStep Review(DemoOptions o, DemoPaths d, RoundPaths round) =>
        new("review", new ReviewSimulateInvocation(round.Review, d.Truth, o.ReviewerErrorRate, o.Seed), [], [DecisionFile.PathIn(round.Review)]);

    /// <summary>Fold 0 trained again on the patched labels and the refined split.</summary>
    public static RoundStep Retrain(DemoOptions o, DemoPaths d, RoundPaths round) =>
        new("train-after", new TrainInvocation(round.PatchedGt("round1"), d.Train, d.AfterModel)
        {
            Resume = true, Preset = o.Preset, Steps = o.TrainSteps, Spacing = o.Spacing, Patch = o.Patch, Stride = o.Stride, Seed = 42,
            Split = round.RefinedSplit("round1"), Fold = 0, Warmup = Warmup(o), BatchSize = 1, GradAccum = 1, MaxVal = 1, Config = d.TrainConfig,
        }, [], [Path.Combine(d.AfterModel, "model.json")]);

    /// <summary>Both detectors (fold 0 before, the retrained one after) on the held-out tomograms.</summary>
    public static IReadOnlyList<RoundStep> HeldOut(DemoOptions o, DemoPaths d, RoundPaths round)
    {
        RoundStep Predict(string name, string model, string output) =>
            new(name, new PredictInvocation([model], Path.Combine(d.HeldOut, "train"), output)
            {
                Labels = d.HeldOutTruth, Tta = ["zyx"], Stride = o.Stride, Conf = 0.02, Aggregate = "probs",
            }, [], [output]);
        return
        [
            Predict("heldout-before", round.ModelCard(0), Path.Combine(d.Eval, "before.csv")),
            Predict("heldout-after", Path.Combine(d.AfterModel, "model.json"), Path.Combine(d.Eval, "after.csv")),
        ];
    }

    private static int Warmup(DemoOptions o) => Math.Max(1, o.TrainSteps / 10);

    private static string Inv(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
