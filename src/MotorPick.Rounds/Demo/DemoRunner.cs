using System.Diagnostics;
using MotorPick.Core;
using MotorPick.Curation.Review;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;
using MotorPick.Rounds.Execution;

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
        var files = new DemoPaths(root);

        Stage("synthesise", () => exec.Run(DemoPlan.Synthesis(o, files), progress, ct));

        if (!File.Exists(files.TrainConfig)) AtomicFile.WriteAllText(files.TrainConfig, DemoPlan.TrainConfigJson(o));
        if (!File.Exists(files.Recipe)) AtomicFile.WriteAllText(files.Recipe, DemoPlan.Recipe(o).ToJson() + "\n");

        RoundResult round = null!;
        Stage("round 1 (train, predict out of fold, mine, render)", () => round = RoundRunner.Run(files.Recipe, exec, runCommand, progress, ct));
        var decisions = DecisionFile.PathIn(round.Paths.Review);
        Stage("simulated review", () => exec.Run([DemoPlan.Review(o, files, round.Paths)], progress, ct));
        Stage("apply the review", () => RoundRunner.Apply(files.Recipe, decisions, exec, progress, ct));

        var paths = round.Paths;
        Stage("retrain on the new labels", () => exec.Run([DemoPlan.Retrain(o, files, paths)], progress, ct));
        Stage("predict held-out tomograms", () => exec.Run(DemoPlan.HeldOut(o, files, paths), progress, ct));

        // Measure.
        var (truth, _) = LabelTables.ReadAsGt(files.Truth);
        var (before, _) = LabelTables.ReadAsGt(Path.Combine(files.Data, "train_labels.csv"));
        var (after, _) = LabelTables.ReadAsGt(paths.PatchedGt("round1"));
        var (heldTruth, _) = LabelTables.ReadAsGt(files.HeldOutTruth);
        var beforePreds = PredictionsFile.TopPerTomogram(PredictionsFile.Read(Path.Combine(files.Eval, "before.csv")));
        var afterPreds = PredictionsFile.TopPerTomogram(PredictionsFile.Read(Path.Combine(files.Eval, "after.csv")));
        var review = ReviewFile.Read(paths.Review);
        var decided = DecisionFile.Read(decisions);
        var reportPath = Path.Combine(root, "report", "index.html");
        var summary = new DemoSummary(
            Quality(truth, before), Quality(truth, after), Score(heldTruth, beforePreds), Score(heldTruth, afterPreds),
            review.Counts, review.Items.Count, decided.Decisions.Sum(d => d.AcceptedCandidates.Count), clock.Elapsed, reportPath, stages);
        var trainings = Enumerable.Range(0, o.Folds).Select(k => ($"round 1, fold {k}", Path.GetDirectoryName(paths.ModelCard(k))!))
            .Append(("retrained on the patched labels", files.AfterModel)).ToList();
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
