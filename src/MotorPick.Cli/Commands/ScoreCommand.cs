using System.CommandLine;
using System.Globalization;
using MotorPick.Core;
using MotorPick.Labels.Csv;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick score</c>: the competition metric and the reference's local-validation metrics.</summary>
public static class ScoreCommand
{
    public static Command Create(CliContext ctx)
    {
        var labels = new Option<string>("--labels") { Description = "Ground truth: a gt table or a per-motor train_labels.csv.", Required = true };
        var submission = new Option<string>("--submission") { Description = "Predictions: a submission (tomo_id, Motor axis 0..2) or candidates (tomo_id, motor_z, motor_y, motor_x, conf).", Required = true };
        var details = new Option<string?>("--details") { Description = "Write one row per tomogram (outcome, distance, threshold) to this CSV." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON for machines." };
        var top1 = new Option<bool>("--top1") { Description = "Candidate files: keep the highest-confidence row of each tomogram." };
        var match = new Option<GtMotorChoice>("--match") { Description = "Compare with the first labelled motor (competition) or the nearest one.", DefaultValueFactory = _ => GtMotorChoice.First };
        var multi = new Option<bool>("--multi") { Description = "Multi-motor matching: every labelled motor may be matched by one prediction within the radius, greedy by confidence." };
        var minConf = new Option<double>("--min-conf") { Description = "With --multi: ignore predictions below this confidence.", DefaultValueFactory = _ => 0.0 };
        var onlyPredicted = new Option<bool>("--only-predicted") { Description = "Score only the labelled tomograms that appear in the predictions (e.g. one fold's out-of-fold candidates)." };
        var cmd = new Command("score",
            "Score predictions with the competition's F2 (radius 1000 Å / voxel spacing; -1 on any axis = no motor; a far positive is a false negative). " +
            "With a conf column, also the reference's local-validation metrics: best F2 over thresholds, AP, partial AP (recall >= 0.4) and their means over distance ratios 0.1..1.0.\n\n" +
            "Examples:\n  motorpick score --labels gt.csv --submission submission.csv\n" +
            "  motorpick score --labels gt_v3.csv --submission candidates.csv --top1 --details per_tomo.csv\n" +
            "  motorpick score --labels truth.csv --submission candidates.csv --multi --min-conf 0.3 --json\n" +
            "  motorpick score --labels gt.csv --submission fold0/candidates.csv --top1 --only-predicted")
        { labels, submission, details, json, top1, match, multi, minConf, onlyPredicted };
        ctx.SetAction(cmd, (p, _) =>
        {
            var (gt, warnings) = LabelTables.ReadAsGt(p.GetValue(labels)!);
            var preds = PredictionsFile.Read(p.GetValue(submission)!);
            if (p.GetValue(onlyPredicted))
            {
                var ids = preds.Select(x => x.TomoId).ToHashSet(StringComparer.Ordinal);
                gt = new GtTable(gt.Rows.Where(r => ids.Contains(r.TomoId)).ToArray(), gt.Layout, gt.Source);
            }
            ctx.PrintWarnings(warnings); // on stderr: they no longer break --json
            if (p.GetValue(multi)) return Multi(ctx, gt, preds, p.GetValue(minConf), p.GetValue(json));
            if (p.GetValue(top1)) preds = PredictionsFile.TopPerTomogram(preds);
            var result = KaggleScore.Compute(gt, preds, choice: p.GetValue(match));
            var local = preds.All(x => x.Conf is not null) ? LocalValidation.Compute(gt, preds, p.GetValue(match)) : null;
            if (p.GetValue(details) is { } d) WriteDetails(d, result);
            if (p.GetValue(json)) PrintJson(ctx, result, local);
            else PrintTable(ctx, result, local);
            return CliContext.Ok;
        });
        return cmd;
    }

    private static int Multi(CliContext ctx, GtTable gt, IReadOnlyList<Prediction> preds, double minConf, bool json)
    {
        var s = MotorMatcher.Score(gt, preds, minConf);
        if (json)
        {
            ctx.WriteJson(new { mode = "multi", f2 = s.F2, precision = s.Precision, recall = s.Recall, tp = s.Tp, fp = s.Fp, fn = s.Fn });
            return CliContext.Ok;
        }
        var t = new Table().AddColumns("metric", "value").AddRow("F2 (all motors)", F(s.F2)).AddRow("precision", F(s.Precision)).AddRow("recall", F(s.Recall))
            .AddRow("TP / FP / FN", $"{s.Tp} / {s.Fp} / {s.Fn}");
        ctx.Console.Write(t);
        return CliContext.Ok;
    }

    private static void PrintTable(CliContext ctx, KaggleScoreResult r, LocalValidationResult? local)
    {
        var t = new Table().Title("competition metric").AddColumns("metric", "value")
            .AddRow("[bold]F2[/]", $"[bold]{F(r.F2)}[/]").AddRow("precision", F(r.Precision)).AddRow("recall", F(r.Recall))
            .AddRow("TP / FP / FN / TN", $"{r.Tp} / {r.Fp} / {r.Fn} / {r.Tn}");
        ctx.Console.Write(t);
        if (local is null) return;
        var l = new Table().Title("local validation (conf column)").AddColumns("metric", "value")
            .AddRow("best F2", F(local.BestF2)).AddRow("at threshold", F(local.Threshold))
            .AddRow("precision / recall there", $"{F(local.Precision)} / {F(local.Recall)}")
            .AddRow("AP", F(local.AP)).AddRow("partial AP (recall >= 0.4)", F(local.PartialAP))
            .AddRow("mean AP over ratios 0.1..1.0", F(local.MeanAP)).AddRow("mean partial AP", F(local.MeanPartialAP))
            .AddRow("best recall", F(local.BestRecall)).AddRow("competition F2 at the best threshold", F(local.KaggleF2));
        ctx.Console.Write(l);
    }

    private static void PrintJson(CliContext ctx, KaggleScoreResult r, LocalValidationResult? local)
    {
        var obj = new Dictionary<string, object?>
        {
            ["f2"] = r.F2, ["precision"] = r.Precision, ["recall"] = r.Recall, ["tp"] = r.Tp, ["fp"] = r.Fp, ["fn"] = r.Fn, ["tn"] = r.Tn,
        };
        if (local is not null)
        {
            obj["best_f2"] = local.BestF2; obj["threshold"] = local.Threshold; obj["best_f2_precision"] = local.Precision;
            obj["best_f2_recall"] = local.Recall; obj["ap"] = local.AP; obj["pap"] = local.PartialAP; obj["map"] = local.MeanAP;
            obj["mpap"] = local.MeanPartialAP; obj["best_recall"] = local.BestRecall; obj["kaggle_f2_at_threshold"] = local.KaggleF2;
        }
        ctx.WriteJson(obj);
    }

    private static void WriteDetails(string path, KaggleScoreResult r)
    {
        var csv = new CsvText().Row("tomo_id", "gt_has_motor", "pred_has_motor", "distance", "threshold", "outcome", "conf");
        foreach (var t in r.PerTomo)
            csv.Row(t.TomoId, t.GtHasMotor ? "1" : "0", t.PredHasMotor ? "1" : "0", double.IsNaN(t.Distance) ? "" : PyFormat.Float(t.Distance),
                PyFormat.Float(t.Threshold), Short(t.Outcome), t.Conf is { } c ? PyFormat.Float(c) : "");
        AtomicFile.WriteAllText(path, csv.ToString());
    }

    private static string Short(Outcome o) => o switch
    {
        Outcome.TruePositive => "TP", Outcome.FalsePositive => "FP", Outcome.FalseNegative => "FN", _ => "TN",
    };

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
