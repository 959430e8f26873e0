using System.CommandLine;
using System.Globalization;
using MotorPick.Core;
using MotorPick.Curation.Cvat;
using MotorPick.Curation.Rendering;
using MotorPick.Curation.Review;
using MotorPick.Labels.Tables;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick review</c>: mine disagreements, render them, and take decisions back (CVAT or simulated).</summary>
public static class ReviewCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("review", "The review half of the pseudo-labelling loop: mine disagreements between predictions and labels, render them, export to CVAT and read the decisions back.");
        cmd.Subcommands.Add(Mine(ctx));
        cmd.Subcommands.Add(Render(ctx));
        cmd.Subcommands.Add(ExportCvat(ctx));
        cmd.Subcommands.Add(ImportCvat(ctx));
        cmd.Subcommands.Add(Simulate(ctx));
        cmd.Subcommands.Add(Review.ReviewServeCommand.Create(ctx));
        cmd.Subcommands.Add(Review.ReviewExportDecisionsCommand.Create(ctx));
        return cmd;
    }

    private static Command Mine(CliContext ctx)
    {
        var labels = new Option<string>("--labels") { Description = "Labels to judge against (gt table, train_labels.csv or external_labels_v1.csv).", Required = true };
        var candidates = new Option<string>("--candidates") { Description = "Candidates (tomo_id, motor_z, motor_y, motor_x, conf); only tomograms listed here are judged.", Required = true };
        var threshold = new Option<double>("--threshold") { Description = "A tomogram is predicted positive when its top candidate's conf reaches this.", DefaultValueFactory = _ => 0.05 };
        var match = new Option<string>("--match") { Description = "top1: the reference's judge (top-1 candidate vs the first label); all: multi-motor matching.", DefaultValueFactory = _ => "top1" };
        match.AcceptOnlyFromAmong("top1", "all");
        var output = new Option<string>("--out") { Description = "Review directory (review.json is written there).", Required = true };
        var cmd = new Command("mine",
            "Judge candidates against labels (TP/FP/FN/TN within 1000 Å) and write review.json with one item per FP/FN tomogram.\n\n" +
            "Examples:\n  motorpick review mine --labels gt.csv --candidates fold0.csv --threshold 0.05 --out review/round1\n" +
            "  motorpick review mine --labels gt_v2.csv --candidates round2.csv --threshold 0.03 --match all --out review/round2")
        { labels, candidates, threshold, match, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var set = ReviewMiner.Mine(p.GetValue(labels)!, p.GetValue(candidates)!, p.GetValue(threshold),
                p.GetValue(match) == "all" ? MatchMode.All : MatchMode.Top1, p.GetValue(output)!);
            new ReviewDirectory(p.GetValue(output)!).ForgetRendered();
            var t = new Table().AddColumns("judge", "count", "to review");
            t.AddRow("TP", Inv(set.Counts.TP), "");
            t.AddRow("FP", Inv(set.Counts.FP), Inv(set.Items.Count(i => i.Judge == Judgement.FP)));
            t.AddRow("FN", Inv(set.Counts.FN), Inv(set.Items.Count(i => i.Judge == Judgement.FN)));
            t.AddRow("TN", Inv(set.Counts.TN), "");
            ctx.Console.Write(t);
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(ReviewFile.PathIn(p.GetValue(output)!))}[/]: {set.Items.Count} items to review.");
            return CliContext.Ok;
        });
        return cmd;
    }

    private static Command Render(CliContext ctx)
    {
        var review = new Option<string>("--review") { Description = "Review directory with review.json.", Required = true };
        var data = new DataSourceOptions(description: DataSourceOptions.DataHelp + " Review images show uint8 volumes.");
        var heatmaps = new Option<string?>("--heatmaps") { Description = "Directory of saved heatmaps (<tomo_id>.npy, fp16) from 'motorpick predict --save-heatmaps'." };
        var cmd = new Command("render",
            "Render the reference's review image for each item: a GT column and one column per candidate, panels z-8, z+8, z and the heatmap, " +
            "circles of 1000 Å radius (red GT, green predictions). Images go to <review>/images/<judge>/....\n\n" +
            "Examples:\n  motorpick review render --review review/round1 --data train --heatmaps heatmaps/fold0")
        { review, heatmaps };
        data.AddTo(cmd);
        ctx.SetAction(cmd, (p, ct) =>
        {
            var reviewDir = p.GetValue(review)!;
            using var outputLock = OutputLocks.Take(ctx, p, reviewDir);
            var run = ReviewRenderRun.Plan(reviewDir);
            foreach (var i in run.Kept) ctx.Info.MarkupLine($"[grey]skipped {Markup.Escape(i.ImageName)}: rendered by an earlier run[/]");
            var count = 0;
            ctx.Info.Progress().Start(progress =>
            {
                var task = progress.AddTask("rendering", maxValue: Math.Max(1, run.Todo.Items.Count));
                count = run.Render(() => data.Open(p), p.GetValue(heatmaps), () => task.Increment(1), ct);
            });
            var imagesDir = run.Directory.ImagesDir;
            ctx.Console.MarkupLine($"Rendered {count} review images into [bold]{Markup.Escape(imagesDir)}[/]" + (run.Kept.Count > 0 ? $" ({run.Kept.Count} kept from an earlier run)." : "."));
            return CliContext.Ok;
        });
        return cmd;
    }


    private static Command ExportCvat(CliContext ctx)
    {
        var review = new Option<string>("--review") { Description = "Review directory with review.json and rendered images.", Required = true };
        var output = new Option<string>("--out") { Description = "Task archive to write (.zip).", Required = true };
        var name = new Option<string>("--name") { Description = "CVAT task name.", DefaultValueFactory = _ => "motorpick-review" };
        var cmd = new Command("export-cvat",
            "Pack the rendered review images and a tag definition (0 = labels right, k = candidate k is a motor) as a CVAT tagging task.\n\n" +
            "Examples:\n  motorpick review export-cvat --review review/round1 --out round1-task.zip --name round1")
        { review, output, name };
        ctx.SetAction(cmd, (p, _) =>
        {
            var n = CvatTaskExport.Export(p.GetValue(review)!, p.GetValue(output)!, p.GetValue(name)!);
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/]: {n} images. See README.txt inside for the cvat-cli command.");
            return CliContext.Ok;
        });
        return cmd;
    }

    private static Command ImportCvat(CliContext ctx)
    {
        var annotations = new Option<string>("--annotations") { Description = "CVAT export: annotations.xml or the export .zip ('CVAT for images 1.1').", Required = true };
        var review = new Option<string>("--review") { Description = "Review directory with review.json; decisions.json is written there.", Required = true };
        var cmd = new Command("import-cvat",
            "Read the reviewer's tags from a 'CVAT for images 1.1' export (securely: no DTD, no external entities) and write decisions.json. " +
            "Unknown images, unknown labels and contradictory tags are reported and left undecided.\n\n" +
            "Examples:\n  motorpick review import-cvat --annotations annotations.xml --review review/round1\n  motorpick review import-cvat --annotations export.zip --review review/round1")
        { annotations, review };
        ctx.SetAction(cmd, (p, _) =>
        {
            var set = ReviewFile.Read(p.GetValue(review)!);
            var decisions = CvatImport.ToDecisions(set, CvatAnnotations.Read(p.GetValue(annotations)!));
            DecisionFile.Write(DecisionFile.PathIn(p.GetValue(review)!), decisions);
            foreach (var problem in decisions.Problems) ctx.Warn($"{problem.Image}: {problem.Message}");
            ReportDecisions(ctx, set, decisions, DecisionFile.PathIn(p.GetValue(review)!));
            return CliContext.Ok;
        });
        return cmd;
    }

    private static Command Simulate(CliContext ctx)
    {
        var review = new Option<string>("--review") { Description = "Review directory with review.json; decisions.json is written there.", Required = true };
        var truth = new Option<string>("--truth") { Description = "The true motors (truth.csv of 'motorpick synth').", Required = true };
        var error = new Option<double>("--error-rate") { Description = "Probability that any one answer is wrong.", DefaultValueFactory = _ => 0.0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the reviewer's mistakes.", DefaultValueFactory = _ => 0 };
        var cmd = new Command("simulate",
            "Answer a review from the synthetic truth (for demos and benchmarks of the loop): accept candidates near true unlabelled motors, keep true labels.\n\n" +
            "Examples:\n  motorpick review simulate --review review/round1 --truth synth/truth.csv --error-rate 0.05")
        { review, truth, error, seed };
        ctx.SetAction(cmd, (p, _) =>
        {
            var set = ReviewFile.Read(p.GetValue(review)!);
            var (truthTable, _) = LabelTables.ReadAsGt(p.GetValue(truth)!);
            var decisions = SimulatedReviewer.Review(set, truthTable, p.GetValue(error), p.GetValue(seed));
            DecisionFile.Write(DecisionFile.PathIn(p.GetValue(review)!), decisions);
            ReportDecisions(ctx, set, decisions, DecisionFile.PathIn(p.GetValue(review)!));
            return CliContext.Ok;
        });
        return cmd;
    }

    private static void ReportDecisions(CliContext ctx, ReviewSet set, DecisionSet d, string path)
    {
        var decided = d.Decisions.Count(x => x.Decided);
        var accepted = d.Decisions.Sum(x => x.AcceptedCandidates.Count);
        var rejected = d.Decisions.Count(x => x.KeepLabels == false && set.Items[x.ItemIndex].Labels.Count > 0);
        ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(path)}[/]: {decided}/{set.Items.Count} items decided, {accepted} candidates accepted, " +
            $"{rejected} items with labels rejected, {d.Problems.Count} problems.");
    }

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);
}
