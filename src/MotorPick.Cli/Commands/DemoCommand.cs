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
        var quick = new Option<bool>("--quick") { Description = "Fewer, shorter trainings: a smoke test of about 3 minutes on 2 cores." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the synthetic data and the reviewer.", DefaultValueFactory = _ => 1 };
        var drop = new Option<double>("--label-drop") { Description = "Fraction of true motors missing from the starting labels.", DefaultValueFactory = _ => 0.3 };
        var error = new Option<double>("--reviewer-error-rate") { Description = "Probability that one answer of the simulated reviewer is wrong.", DefaultValueFactory = _ => 0.02 };
        var cmd = new Command("demo",
            "Run the pseudo-labelling loop end to end on synthetic tomograms: synthesise data with 30 % of the motors missing from the labels, " +
            "split, train small CPU models per fold, predict out of fold, mine disagreements, render review images, answer them with a simulated " +
            "reviewer that knows the truth, patch the labels, retrain, and score labels and detector before and after. Writes an HTML report.\n\n" +
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
            var s = DemoRunner.Run(options, observed.RunNested, RoundCommand.StepReporter(ctx), ct);
            Heading.Write(ctx.Console, "[bold]summary[/]");
            var labels = new Table().Title("labels against the synthetic truth").AddColumns("", "labels", "true motors", "precision", "recall");
            labels.AddRow("before the round", I(s.LabelsBefore.Labels), I(s.LabelsBefore.TrueMotors), F(s.LabelsBefore.Precision), F(s.LabelsBefore.Recall));
            labels.AddRow("after the round", I(s.LabelsAfter.Labels), I(s.LabelsAfter.TrueMotors), F(s.LabelsAfter.Precision), F(s.LabelsAfter.Recall));
            var det = new Table().Title("detector on held-out tomograms").AddColumns("trained on", "best F2", "threshold", "F2 at 0.5", "AP");
            det.AddRow("starting labels", F(s.Before.BestF2), F(s.Before.Threshold), F(s.Before.F2AtHalf), F(s.Before.AP));
            det.AddRow("patched labels", F(s.After.BestF2), F(s.After.Threshold), F(s.After.F2AtHalf), F(s.After.AP));
            ctx.Console.Write(labels);
            ctx.Console.Write(det);
            ctx.Console.MarkupLine($"Review: {s.Items} items (TP {s.Judge.TP}, FP {s.Judge.FP}, FN {s.Judge.FN}, TN {s.Judge.TN}); {s.Accepted} candidates accepted.");
            ctx.Console.MarkupLine($"Report: [bold]{Markup.Escape(s.ReportPath)}[/]  ({s.Elapsed.TotalMinutes:F1} min)");
            return CliContext.Ok;
        });
        return cmd;
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
