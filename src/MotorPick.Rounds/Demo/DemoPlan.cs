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
    public string Round2Recipe => Path.Combine(Root, "round2.json");
    public string ExternalRecipe => Path.Combine(Root, "external.json");

    /// <summary>The stand-in portal's files (synthetic runs in the portal's formats).</summary>
    public string Portal => Path.Combine(Root, "portal");

    /// <summary>What 'portal fetch' writes (tomogram/, meta/, portal_labels.csv) and the external round works in.</summary>
    public string External => Path.Combine(Root, "external");
    public string ExternalTomograms => Path.Combine(External, "tomogram");
    public string ExternalMeta => Path.Combine(External, "meta");
    public string ExternalTruth => Path.Combine(External, "portal_labels.csv");
    public string Brendan => Path.Combine(External, "brendanartley_external_labels.csv");
    public string ExternalLabelsV1 => Path.Combine(External, "external_labels_v1.csv");
    public string ExternalGt => Path.Combine(External, "external_gt.csv");
    public string AllGtV3 => Path.Combine(Root, "all_gt_v3.csv");
    public string SplitV3 => Path.Combine(Root, "split_v3.json");
    public string FinalModel => Path.Combine(Root, "final", "model");
    public string Eval => Path.Combine(Root, "eval");
}

/// <summary>
/// The demo's steps, as typed commands: synthesis, the round-1 recipe, rounds 2 and external derived from the shipped
/// recipes (docs/rounds), the simulated reviews, the external labels' flow (fetch, convert, external_gt, all_gt_v3,
/// refined split), the final training and the held-out predictions. <see cref="DemoRunner"/> runs them; a test parses
/// each with the real command tree.
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

    /// <summary>
    /// Round 2 as docs/rounds/round2.json, sized for a CPU: the kept members (<see cref="DemoOptions.Round2Members"/>)
    /// with their weights, the trained ones in CPU-sized presets on the demo's grid; the reference's decoding (conf,
    /// NMS, candidates, logit averaging, its 100 Å blur) with one TTA; the reviewer shown candidates from the demo's
    /// threshold up.
    /// </summary>
    public static RoundRecipe Round2Recipe(DemoOptions o)
    {
        var shipped = ShippedRecipes.Load("round2");
        var referenceSpacing = shipped.Ensemble.First(m => m.Train is not null).Train!.Spacing;
        return shipped with
        {
            Data = "data/train",
            Ensemble = Members(o, shipped).Select(m => m.Train is { } t ? m with { Train = DemoTrain(o, DemoOptions.CpuPreset(t.Preset), o.LaterTrainSteps) } : m).ToArray(),
            Train = shipped.Train with { Device = "cpu" },
            Predict = DemoPredict(o, shipped.Predict, referenceSpacing),
            Mine = shipped.Mine with { Threshold = Math.Max(shipped.Mine.Threshold, o.MineThreshold) },
        };
    }

    /// <summary>The external round as docs/rounds/external.json: the round-2 members (the same folders), External patch semantics.</summary>
    public static RoundRecipe ExternalRecipe(DemoOptions o)
    {
        var shipped = ShippedRecipes.Load("external");
        var referenceSpacing = ShippedRecipes.Load("round2").Ensemble.First(m => m.Train is not null).Train!.Spacing;
        return shipped with
        {
            Ensemble = Members(o, shipped),
            Train = shipped.Train with { Device = "cpu" },
            Predict = DemoPredict(o, shipped.Predict, referenceSpacing),
            Mine = shipped.Mine with { Threshold = Math.Max(shipped.Mine.Threshold, o.MineThreshold) },
        };
    }

    private static EnsembleMember[] Members(DemoOptions o, RoundRecipe shipped) => shipped.Ensemble.Where(m => o.Round2Members.Contains(m.Name)).ToArray();

    private static TrainStep DemoTrain(DemoOptions o, string preset, int steps) => new()
    {
        Preset = preset, Steps = steps, Spacing = o.Spacing, Patch = o.Patch, Stride = o.Stride, Warmup = Math.Max(1, steps / 10),
        BatchSize = 1, GradAccum = 1, MaxVal = 1, Config = "train-demo.json",
    };

    /// <summary>The reference's decoding on the demo's grid: the blur keeps its size in Å, the stride is the models'.</summary>
    private static PredictStep DemoPredict(DemoOptions o, PredictStep shipped, double referenceSpacing) => shipped with
    {
        Tta = ["zyx"], Stride = o.Stride, BlurSigma = shipped.BlurSigma is { } b ? b * referenceSpacing / o.Spacing : null,
    };

    /// <summary>The simulated reviewer answers a round's review from <paramref name="truth"/> (default: the training data's).</summary>
    public static RoundStep Review(DemoOptions o, DemoPaths d, RoundPaths round, string? truth = null, string name = "review") =>
        new(name, new ReviewSimulateInvocation(round.Review, truth ?? d.Truth, o.ReviewerErrorRate, o.Seed), [], [DecisionFile.PathIn(round.Review)]);

    /// <summary>The stand-in portal's motor runs, fetched with the reference's flags.</summary>
    public static RoundStep Fetch(DemoPaths d, string endpoint) =>
        new("portal-fetch", new PortalFetchInvocation(endpoint, d.External)
        {
            TmpDownloadDir = Path.Combine(d.External, "raw"), DownloadWorkers = 2, ProcessWorkers = 1,
        }, [], [d.ExternalTruth]);

    public static RoundStep ConvertExternal(DemoPaths d) =>
        new("convert-external", new LabelsConvertExternalInvocation(d.Brendan, d.ExternalMeta, d.ExternalLabelsV1), [], [d.ExternalLabelsV1]);

    /// <summary>After the external round: external_gt (short layout), all_gt_v3 = gt_v3 ++ external_gt, the split refined with it.</summary>
    public static IReadOnlyList<RoundStep> Combine(DemoPaths d, RoundPaths round1, RoundPaths round2, RoundPaths external) =>
    [
        new("external-gt", new LabelsGtInvocation(external.PatchedLabels("external"), d.ExternalGt) { Format = "short" }, [], [d.ExternalGt]),
        new("concat", new LabelsConcatInvocation([round2.PatchedGt("round2"), d.ExternalGt], d.AllGtV3), ["external-gt"], [d.AllGtV3]),
        new("refine-split-v3", new SplitRefineInvocation(round1.RefinedSplit("round1"), d.AllGtV3, 100, d.SplitV3), ["concat"], [d.SplitV3]),
    ];

    /// <summary>The final model: trained on all_gt_v3, over both data roots (competition-style and external tomograms).</summary>
    public static RoundStep Final(DemoOptions o, DemoPaths d) =>
        new("train-final", new TrainInvocation(d.AllGtV3, d.Train, d.FinalModel)
        {
            MoreData = [d.ExternalTomograms], Resume = true, Preset = o.Preset, Steps = o.LaterTrainSteps, Spacing = o.Spacing, Patch = o.Patch,
            Stride = o.Stride, Seed = 42, Warmup = Math.Max(1, o.LaterTrainSteps / 10), BatchSize = 1, GradAccum = 1, MaxVal = 1, Config = d.TrainConfig,
        }, [], [Path.Combine(d.FinalModel, "model.json")]);

    /// <summary>Round 1's fold-0 model and the final model on the held-out tomograms.</summary>
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
            Predict("heldout-final", Path.Combine(d.FinalModel, "model.json"), Path.Combine(d.Eval, "final.csv")),
        ];
    }

    private static int Warmup(DemoOptions o) => Math.Max(1, o.TrainSteps / 10);

    private static string Inv(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
