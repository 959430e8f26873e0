using System.Diagnostics;
using System.Globalization;
using MotorPick.Core;
using MotorPick.Curation.Review;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;
using MotorPick.Rounds.Execution;
using MotorPick.Rounds.Recipes;

namespace MotorPick.Rounds.Demo;

/// <summary>Label quality against the synthetic truth.</summary>
public sealed record LabelQuality(int Labels, int TrueMotors, int Tp, int Fp, int Fn, double Precision, double Recall);

/// <summary>Detector quality on held-out tomograms (one prediction per tomogram).</summary>
public sealed record HeldOutScore(double BestF2, double Threshold, double AP, double PartialAP, double F2AtHalf);

/// <summary>Everything the demo measured.</summary>
public sealed record DemoSummary(
    LabelQuality LabelsBefore, LabelQuality LabelsAfter, HeldOutScore Before, HeldOutScore After,
    JudgeCounts Judge, int Items, int Accepted, TimeSpan Elapsed, string ReportPath,
    IReadOnlyList<(string Name, double Seconds)> Stages);

/// <summary>
/// The whole pseudo-labelling loop on synthetic data with nothing to download: synthesise tomograms with 30 % of the
/// motors missing from the labels, run round 1 (k-fold train, out-of-fold predict, mine, render), answer the review
/// with a simulated reviewer from the truth, patch the labels, retrain, and score labels and detector before and after.
/// Every step is a motorpick command line (printed as it runs), and reruns skip finished steps.
/// </summary>
public static class DemoRunner
{
    public static DemoSummary Run(DemoOptions o, Func<string[], CancellationToken, int> runCommand, IProgress<StepEvent>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        // the report lists every command this invocation ran, as the user could type it
        var commands = new List<string[]>();
        var inner = runCommand;
        runCommand = (args, token) => { lock (commands) commands.Add(args); return inner(args, token); };
        var root = Path.GetFullPath(o.Out);
        Directory.CreateDirectory(root);
        var stages = new List<(string, double)>();
        var exec = new InProcessExecutor(runCommand);
        var data = Path.Combine(root, "data");
        var heldout = Path.Combine(root, "heldout");
        string Inv(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        Stage("synthesise", () => exec.Run(
        [
            new RoundStep("synth-train", ["synth", "--out", data, "--preset", "demo", "--count", Inv(o.TrainTomograms), "--seed", o.Seed.ToString(CultureInfo.InvariantCulture),
                "--label-drop", Inv(o.LabelDrop), "--label-jitter-a", Inv(o.LabelJitterA)], [], [Path.Combine(data, "synth.json")]),
            new RoundStep("synth-heldout", ["synth", "--out", heldout, "--preset", "demo", "--count", Inv(o.HeldOutTomograms),
                "--seed", (o.Seed + 1000).ToString(CultureInfo.InvariantCulture)], [], [Path.Combine(heldout, "synth.json")]),
        ], progress, ct));

        var recipe = new RoundRecipe
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
                Preset = o.Preset, Steps = o.TrainSteps, Spacing = o.Spacing, Patch = o.Patch, Stride = o.Stride, Warmup = Math.Max(1, o.TrainSteps / 10),
                BatchSize = 1, GradAccum = 1, MaxVal = 1, Config = "train-demo.json",
            },
            Predict = new PredictStep { Tta = ["zyx"], Stride = o.Stride, Conf = 0.05, NmsA = 1000.0 / 3, MaxDets = 4, Aggregate = "probs", Fp16Coords = "double" },
            Mine = new MineStep { Threshold = o.MineThreshold, Match = "all" },
        };
        var trainConfig = Path.Combine(root, "train-demo.json");
        if (!File.Exists(trainConfig))
            AtomicFile.WriteAllText(trainConfig, $"{{\n  \"sigma_angstrom\": {Inv(o.SigmaAngstrom)},\n  \"lr\": {Inv(o.LearningRate)}\n}}\n");
        var recipePath = Path.Combine(root, "round1.json");
        if (!File.Exists(recipePath)) AtomicFile.WriteAllText(recipePath, recipe.ToJson() + "\n");

        RoundResult round = null!;
        Stage("round 1 (train, predict out of fold, mine, render)", () => round = RoundRunner.Run(recipePath, exec, runCommand, progress, ct));
        var decisions = DecisionFile.PathIn(round.Paths.Review);
        Stage("simulated review", () => exec.Run(
        [
            new RoundStep("review", ["review", "simulate", "--review", round.Paths.Review, "--truth", Path.Combine(data, "truth.csv"),
                "--error-rate", Inv(o.ReviewerErrorRate), "--seed", o.Seed.ToString(CultureInfo.InvariantCulture)], [], [decisions]),
        ], progress, ct));
        Stage("apply the review", () => RoundRunner.Apply(recipePath, decisions, exec, progress, ct));

        var paths = round.Paths;
        var afterModel = Path.Combine(root, "after", "model");
        var eval = Path.Combine(root, "eval");
        var truthHeldout = Path.Combine(heldout, "truth.csv");
        string[] Predict(string model, string output) =>
        [
            "predict", "--model", model, "--data", Path.Combine(heldout, "train"), "--labels", truthHeldout, "--tta", "zyx",
            "--stride", Inv(o.Stride), "--conf", "0.02", "--aggregate", "probs", "--out", output,
        ];
        Stage("retrain on the new labels", () => exec.Run(
        [
            new RoundStep("train-after", ["train", "--labels", paths.PatchedGt("round1"), "--data", Path.Combine(data, "train"), "--split", paths.RefinedSplit("round1"),
                "--fold", "0", "--preset", o.Preset, "--steps", Inv(o.TrainSteps), "--spacing", Inv(o.Spacing), "--patch", string.Join(',', o.Patch),
                "--stride", Inv(o.Stride), "--warmup", Inv(Math.Max(1, o.TrainSteps / 10)), "--batch-size", "1", "--grad-accum", "1", "--max-val", "1",
                "--config", trainConfig, "--seed", "42", "--out", afterModel, "--resume"], [], [Path.Combine(afterModel, "model.json")]),
        ], progress, ct));
        Stage("predict held-out tomograms", () => exec.Run(
        [
            new RoundStep("heldout-before", Predict(paths.ModelCard(0), Path.Combine(eval, "before.csv")), [], [Path.Combine(eval, "before.csv")]),
            new RoundStep("heldout-after", Predict(Path.Combine(afterModel, "model.json"), Path.Combine(eval, "after.csv")), [], [Path.Combine(eval, "after.csv")]),
        ], progress, ct));

        // Measure.
        var (truth, _) = LabelTables.ReadAsGt(Path.Combine(data, "truth.csv"));
        var (before, _) = LabelTables.ReadAsGt(Path.Combine(data, "train_labels.csv"));
        var (after, _) = LabelTables.ReadAsGt(paths.PatchedGt("round1"));
        var (heldTruth, _) = LabelTables.ReadAsGt(truthHeldout);
        var beforePreds = PredictionsFile.TopPerTomogram(PredictionsFile.Read(Path.Combine(eval, "before.csv")));
        var afterPreds = PredictionsFile.TopPerTomogram(PredictionsFile.Read(Path.Combine(eval, "after.csv")));
        var review = ReviewFile.Read(paths.Review);
        var decided = DecisionFile.Read(decisions);
        var reportPath = Path.Combine(root, "report", "index.html");
        var summary = new DemoSummary(
            Quality(truth, before), Quality(truth, after), Score(heldTruth, beforePreds), Score(heldTruth, afterPreds),
            review.Counts, review.Items.Count, decided.Decisions.Sum(d => d.AcceptedCandidates.Count), clock.Elapsed, reportPath, stages);
        var trainings = Enumerable.Range(0, o.Folds).Select(k => ($"round 1, fold {k}", Path.GetDirectoryName(paths.ModelCard(k))!))
            .Append(("retrained on the patched labels", afterModel)).ToList();
        DemoReport.Write(reportPath, summary, heldTruth, beforePreds, afterPreds, paths.Review, trainings, commands);
        return summary;

        void Stage(string name, Action action)
        {
            var sw = Stopwatch.StartNew();
            action();
            stages.Add((name, sw.Elapsed.TotalSeconds));
        }
    }

    /// <summary>Labels as predictions against the truth, matched within 1000 Å.</summary>
    public static LabelQuality Quality(GtTable truth, GtTable labels)
    {
        var preds = labels.Rows.SelectMany(r => r.Motors.Select(m => new Prediction(r.TomoId, m, 1.0))).ToArray();
        var s = MotorMatcher.Score(truth, preds);
        return new LabelQuality(preds.Length, truth.MotorCount, s.Tp, s.Fp, s.Fn, s.Precision, s.Recall);
    }

    public static HeldOutScore Score(GtTable truth, IReadOnlyList<Prediction> top1)
    {
        var local = LocalValidation.Compute(truth, top1, GtMotorChoice.Nearest);
        var atHalf = KaggleScore.Compute(truth, top1.Select(p => (p.Conf ?? 0) < 0.5 ? p with { Point = Labels.Point3.None } : p).ToArray(), choice: GtMotorChoice.Nearest);
        return new HeldOutScore(local.BestF2, local.Threshold, local.AP, local.PartialAP, atHalf.F2);
    }
}
