using System.Diagnostics;
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

/// <summary>One round's review: items shown, the judge's counts, candidates the simulated reviewer accepted.</summary>
public sealed record RoundReview(string Round, int Items, JudgeCounts Judge, int Accepted);

/// <summary>Everything the demo measured: label quality after each round, the held-out detectors, the reviews.</summary>
public sealed record DemoSummary(
    IReadOnlyList<(string Name, LabelQuality Quality)> Labels, IReadOnlyList<(string Name, HeldOutScore Score)> HeldOut,
    IReadOnlyList<RoundReview> Reviews, TimeSpan Elapsed, string ReportPath, IReadOnlyList<(string Name, double Seconds)> Stages);

/// <summary>A running stand-in portal (the CLI starts one in process); disposing stops it.</summary>
public interface IDemoPortal : IDisposable
{
    /// <summary>The GraphQL endpoint 'portal fetch' talks to.</summary>
    string Endpoint { get; }
}

/// <summary>
/// The reference's three rounds on synthetic data with nothing to download: synthesise tomograms with 30 % of the
/// motors missing from the labels; round 1 (k-fold train, out-of-fold predict, mine, render, simulated review, patch);
/// round 2 (an ensemble trained on every tomogram with round 1's labels, predicting all of them, reviewed, patched:
/// gt_v3); the external round (synthetic runs served by a local stand-in portal, fetched, their labels converted from
/// a brendanartley-format file with motors missing and jittered, predicted by the round-2 ensemble, reviewed, patched
/// with External semantics into external_gt, concatenated with gt_v3 into all_gt_v3, split refined); then a final
/// model trained on all_gt_v3 over both data roots and scored on held-out tomograms beside round 1's.
/// Every step is a motorpick command line (printed as it runs), and reruns skip finished steps.
/// </summary>
public static class DemoRunner
{
    public static DemoSummary Run(DemoOptions o, Func<string[], CancellationToken, int> runCommand, Func<string, IDemoPortal> startPortal,
        IProgress<StepEvent>? progress, CancellationToken ct)
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
        var files = new DemoPaths(root);

        Stage("synthesise", () => exec.Run(DemoPlan.Synthesis(o, files), progress, ct));

        if (!File.Exists(files.TrainConfig)) AtomicFile.WriteAllText(files.TrainConfig, DemoPlan.TrainConfigJson(o));
        if (!File.Exists(files.Recipe)) AtomicFile.WriteAllText(files.Recipe, DemoPlan.Recipe(o).ToJson() + "\n");
        if (!File.Exists(files.Round2Recipe)) AtomicFile.WriteAllText(files.Round2Recipe, DemoPlan.Round2Recipe(o).ToJson() + "\n");
        if (!File.Exists(files.ExternalRecipe)) AtomicFile.WriteAllText(files.ExternalRecipe, DemoPlan.ExternalRecipe(o).ToJson() + "\n");

        RoundResult round1 = null!, round2 = null!, external = null!;
        Stage("round 1 (train per fold, predict out of fold, mine, render)", () => round1 = RoundRunner.Run(files.Recipe, exec, runCommand, progress, ct));
        Stage("round 1: simulated review, patch, refine split", () => ReviewAndApply(files.Recipe, round1.Paths, null, "review-round1"));
        Stage("round 2 (train the ensemble, predict all, mine, render)", () => round2 = RoundRunner.Run(files.Round2Recipe, exec, runCommand, progress, ct));
        Stage("round 2: simulated review, patch (gt_v3)", () => ReviewAndApply(files.Round2Recipe, round2.Paths, null, "review-round2"));

        Stage("external: stand-in portal, fetch, convert labels", () =>
        {
            if (!File.Exists(files.ExternalTruth))
            {
                using var portal = startPortal(files.Portal);
                exec.Run([DemoPlan.Fetch(files, portal.Endpoint)], progress, ct);
            }
            if (!File.Exists(files.Brendan))
                DemoExternalLabels.Write(files.ExternalTruth, files.ExternalMeta, files.Brendan, o.LabelDrop, o.LabelJitterA, o.Seed);
            exec.Run([DemoPlan.ConvertExternal(files)], progress, ct);
        });
        Stage("external round (ensemble predicts, mine, render)", () => external = RoundRunner.Run(files.ExternalRecipe, exec, runCommand, progress, ct));
        Stage("external: simulated review, patch, all_gt_v3, split", () =>
        {
            ReviewAndApply(files.ExternalRecipe, external.Paths, files.ExternalTruth, "review-external");
            exec.Run(DemoPlan.Combine(files, round1.Paths, round2.Paths, external.Paths), progress, ct);
        });
        Stage("train the final model on all_gt_v3", () => exec.Run([DemoPlan.Final(o, files)], progress, ct));
        Stage("predict held-out tomograms", () => exec.Run(DemoPlan.HeldOut(o, files, round1.Paths), progress, ct));

        // Measure.
        GtTable Gt(string path) => LabelTables.ReadAsGt(path).Table;
        var truth = Gt(files.Truth);
        var externalTruth = Gt(files.ExternalTruth);
        var labels = new List<(string, LabelQuality)>
        {
            ("starting labels", Quality(truth, Gt(Path.Combine(files.Data, "train_labels.csv")))),
            ("after round 1", Quality(truth, Gt(round1.Paths.PatchedGt("round1")))),
            ("after round 2 (gt_v3)", Quality(truth, Gt(round2.Paths.PatchedGt("round2")))),
            ("external, converted labels", Quality(externalTruth, Gt(files.ExternalLabelsV1))),
            ("external, after its round (external_gt)", Quality(externalTruth, Gt(files.ExternalGt))),
            ("all_gt_v3", Quality(GtConcat.Concat([truth, externalTruth]), Gt(files.AllGtV3))),
        };
        var heldTruth = Gt(files.HeldOutTruth);
        var beforePreds = PredictionsFile.TopPerTomogram(PredictionsFile.Read(Path.Combine(files.Eval, "before.csv")));
        var finalPreds = PredictionsFile.TopPerTomogram(PredictionsFile.Read(Path.Combine(files.Eval, "final.csv")));
        var heldOut = new List<(string, HeldOutScore)>
        {
            ("round 1 model (fold 0, starting labels)", Score(heldTruth, beforePreds)),
            ("final model (all_gt_v3)", Score(heldTruth, finalPreds)),
        };
        var reviews = new[] { ("round 1", round1), ("round 2", round2), ("external", external) }.Select(x => Review(x.Item1, x.Item2.Paths)).ToList();
        var reportPath = Path.Combine(root, "report", "index.html");
        var summary = new DemoSummary(labels, heldOut, reviews, clock.Elapsed, reportPath, stages);
        var trainings = Enumerable.Range(0, o.Folds).Select(k => ($"round 1, fold {k}", Path.GetDirectoryName(round1.Paths.ModelCard(k))!))
            .Concat(DemoPlan.Round2Recipe(o).Ensemble.Where(m => m.Train is not null)
                .Select(m => ($"round 2, {m.Name} ({m.Train!.Preset})", round2.Paths.MemberModelDir(null, m.Name))))
            .Append(("final model on all_gt_v3", files.FinalModel)).ToList();
        DemoReport.Write(reportPath, summary, heldTruth, beforePreds, finalPreds, round1.Paths.Review, trainings, commands);
        return summary;

        void ReviewAndApply(string recipe, RoundPaths round, string? reviewTruth, string name)
        {
            exec.Run([DemoPlan.Review(o, files, round, reviewTruth, name)], progress, ct);
            RoundRunner.Apply(recipe, DecisionFile.PathIn(round.Review), exec, progress, ct);
        }

        void Stage(string name, Action action)
        {
            var sw = Stopwatch.StartNew();
            action();
            stages.Add((name, sw.Elapsed.TotalSeconds));
        }
    }

    private static RoundReview Review(string name, RoundPaths round)
    {
        var review = ReviewFile.Read(round.Review);
        var decided = DecisionFile.Read(DecisionFile.PathIn(round.Review));
        return new RoundReview(name, review.Items.Count, review.Counts, decided.Decisions.Sum(d => d.AcceptedCandidates.Count));
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
