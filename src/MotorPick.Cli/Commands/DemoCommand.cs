using System.CommandLine;
using System.Globalization;
using MotorPick.Cli.Streams;
using MotorPick.Rounds.Demo;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick demo</c>: the whole pseudo-labelling loop on synthetic data, nothing to download.</summary>
public static class DemoCommand
{
    public static Command Create(CliContext ctx)
    {
        var output = new Option<string>("--out") { Description = "Working folder (rerunning continues where it stopped).", DefaultValueFactory = _ => "demo-out" };
        var quick = new Option<bool>("--quick") { Description = "Fewer, shorter trainings and fewer tomograms: a smoke test of at most 3 minutes on 2 cores." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the synthetic data and the reviewer.", DefaultValueFactory = _ => 1 };
        var drop = new Option<double>("--label-drop") { Description = "Fraction of true motors missing from the starting labels.", DefaultValueFactory = _ => 0.3 };
        var error = new Option<double>("--reviewer-error-rate") { Description = "Probability that one answer of the simulated reviewer is wrong.", DefaultValueFactory = _ => 0.02 };
        var cmd = new Command("demo",
            "Run the reference's three pseudo-labelling rounds end to end on synthetic tomograms: synthesise data with 30 % of the motors missing " +
            "from the labels; round 1 (small CPU models per fold, out-of-fold predictions, mined disagreements, review images answered by a simulated " +
            "reviewer that knows the truth, patched labels); round 2 (an ensemble of CPU-sized encoders trained on every tomogram, heatmaps averaged " +
            "with the reference's weights, reviewed and patched: gt_v3); the external round (runs fetched from a local stand-in portal, labels " +
            "converted from a brendanartley-format file, predicted by the ensemble, reviewed, patched into external_gt, joined into all_gt_v3); " +
            "then a final model on all_gt_v3 scored on held-out tomograms. Writes an HTML report.\n\n" +
            "Examples:\n  motorpick demo\n  motorpick demo --quick --out /tmp/demo\n  motorpick demo --label-drop 0.5 --reviewer-error-rate 0.1")
        { output, quick, seed, drop, error };
        ctx.SetAction(cmd, (p, ct) =>
        {
            var options = new DemoOptions
            {
                Out = p.GetValue(output)!, Quick = p.GetValue(quick), Seed = p.GetValue(seed),
                LabelDrop = p.GetValue(drop), ReviewerErrorRate = p.GetValue(error),
            };
            using var outputLock = OutputLocks.Take(ctx, p, options.Out);
            outputLock.DeleteLeftovers();
            Heading.Write(ctx.Info, "[bold]MotorPick demo[/]" + (options.Quick ? " (quick)" : ""));
            var plan = DemoSchedule.Of(options);
            ctx.Info.MarkupLine(Markup.Escape(plan.Describe()));
            var estimate = new DemoEstimate(plan);
            var observed = new CliContext(ctx.Console, ctx.Error, ctx.Quiet)
            {
                TrainingObserver = p => { if (estimate.Observe(p.Step, p.StepsPerSecond) is { } line) ctx.Info.MarkupLine($"[bold]{Markup.Escape(line)}[/]"); },
            };
            var s = DemoRunner.Run(options, observed.RunNested, dir => DemoStandInPortal.Start(dir, options), RoundCommand.StepReporter(ctx), ct);
            Heading.Write(ctx.Console, "[bold]summary[/]");
            var labels = new Table().Title("labels against the synthetic truth, after each round").AddColumns("", "labels", "true motors", "precision", "recall");
            foreach (var (name, q) in s.Labels) labels.AddRow(Markup.Escape(name), I(q.Labels), I(q.TrueMotors), F(q.Precision), F(q.Recall));
            var reviews = new Table().Title("reviews (simulated reviewer)").AddColumns("round", "items", "TP", "FP", "FN", "TN", "accepted");
            foreach (var r in s.Reviews) reviews.AddRow(r.Round, I(r.Items), I(r.Judge.TP), I(r.Judge.FP), I(r.Judge.FN), I(r.Judge.TN), I(r.Accepted));
            var det = new Table().Title("detector on held-out tomograms").AddColumns("model", "best F2", "threshold", "F2 at 0.5", "AP");
            foreach (var (name, h) in s.HeldOut) det.AddRow(Markup.Escape(name), F(h.BestF2), F(h.Threshold), F(h.F2AtHalf), F(h.AP));
            ctx.Console.Write(labels);
            ctx.Console.Write(reviews);
            ctx.Console.Write(det);
            ctx.Console.MarkupLine($"Report: [bold]{Markup.Escape(s.ReportPath)}[/]  ({s.Elapsed.TotalMinutes:F1} min)");
            return CliContext.Ok;
        });
        return cmd;
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
