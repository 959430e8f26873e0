using System.CommandLine;
using MotorPick.Rounds;
using MotorPick.Cli.Commands.Slurm;
using MotorPick.Core;
using MotorPick.Rounds.Execution;
using MotorPick.Scheduling.Slurm;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick round</c>: run a whole pseudo-labelling round from a recipe, then apply its review.</summary>
public static class RoundCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("round", "Run a pseudo-labelling round from a recipe (round.json) and apply its review.");
        cmd.Subcommands.Add(Run(ctx));
        cmd.Subcommands.Add(Apply(ctx));
        return cmd;
    }

    private static Command Run(CliContext ctx)
    {
        var config = new Option<string>("--config") { Description = "Round recipe (round.json); paths in it are relative to its folder.", Required = true };
        var executor = new Option<string>("--executor") { Description = "inprocess: run the steps here, one after another; slurm: submit each step as a Slurm job with dependencies and return.", DefaultValueFactory = _ => "inprocess" };
        var slurm = new SlurmResourceOptions();
        var cmd = new Command("run",
            "Run a round: gt table and split, then per fold train and predict out of fold (kind kfold) or train on all and predict all (kind all), " +
            "merge the candidates, mine the disagreements, render them and pack a CVAT task. Steps whose outputs exist are skipped, so a killed round resumes. " +
            "Every artefact and a manifest.json (inputs with SHA-256, commands, counts) land in the round's folder.\n\n" +
            "With --executor slurm the steps become Slurm jobs (k training jobs, each fold's prediction after its training, merge/mine/render after all " +
            "predictions; GPUs only for training and prediction), scripts and logs in <round>/slurm/; rerun the command once they finish to write the manifest.\n\n" +
            "Examples:\n  motorpick round run --config rounds/round1.json\n" +
            "  motorpick round run --config rounds/round1.json --executor slurm --partition gpu --gpus-per-task 1 --cpus-per-task 8 --mem 64G --time 12:00:00\n" +
            "  motorpick round apply --config rounds/round1.json --decisions rounds/round1/review/decisions.json")
        { config, executor };
        slurm.AddTo(cmd);
        ctx.SetAction(cmd, (p, ct) =>
        {
            var recipePath = p.GetValue(config)!;
            var kind = p.GetValue(executor);
            using var outputLock = OutputLocks.Take(ctx, p, RoundRunner.PathsOf(recipePath).Root);
            // in-process, nothing else writes under the round: what a killed run left half-written goes (Slurm jobs may still be writing)
            if (kind == "inprocess") outputLock.DeleteLeftovers();
            IStepExecutor steps = kind switch
            {
                "inprocess" => new InProcessExecutor(ctx.RunNested),
                "slurm" => new SlurmExecutor(slurm.ExecutorOptions(p, RoundRunner.PathsOf(recipePath).Root), new SlurmClient()),
                _ => throw new MotorPickException($"unknown executor '{kind}': expected inprocess or slurm", field: "--executor"),
            };
            var result = RoundRunner.Run(recipePath, steps, ctx.RunNested, StepReporter(ctx), ct);
            if (steps is SlurmExecutor s)
            {
                ctx.Console.MarkupLine($"Round submitted: job ids in [bold]{Markup.Escape(s.JobsFile)}[/]; follow them with squeue, then rerun without --executor to write the manifest.");
                return CliContext.Ok;
            }
            ctx.Console.MarkupLine($"Round done: [bold]{Markup.Escape(result.Paths.Root)}[/]" +
                (result.Review is { } r ? $" - {r.Items.Count} items to review (TP {r.Counts.TP}, FP {r.Counts.FP}, FN {r.Counts.FN}, TN {r.Counts.TN})." : "."));
            return CliContext.Ok;
        });
        return cmd;
    }

    private static Command Apply(CliContext ctx)
    {
        var config = new Option<string>("--config") { Description = "The round's recipe.", Required = true };
        var decisions = new Option<string>("--decisions") { Description = "decisions.json from CVAT import, the review page or the simulated reviewer.", Required = true };
        var cmd = new Command("apply",
            "Apply a round's review: patch the labels (train_labels_<round>.csv), build the next gt table (gt_<round>.csv) and refine the split (v3 rule).\n\n" +
            "Examples:\n  motorpick round apply --config rounds/round1.json --decisions rounds/round1/review/decisions.json")
        { config, decisions };
        ctx.SetAction(cmd, (p, ct) =>
        {
            using var outputLock = OutputLocks.Take(ctx, p, RoundRunner.PathsOf(p.GetValue(config)!).Root);
            var result = RoundRunner.Apply(p.GetValue(config)!, p.GetValue(decisions)!, new InProcessExecutor(ctx.RunNested), StepReporter(ctx), ct);
            ctx.Console.MarkupLine($"Applied: new labels in [bold]{Markup.Escape(result.Paths.Root)}[/].");
            return CliContext.Ok;
        });
        return cmd;
    }

    internal static IProgress<StepEvent> StepReporter(CliContext ctx) => new SyncProgress<StepEvent>(e =>
    {
        switch (e.State)
        {
            case StepState.Started:
                ctx.Info.MarkupLine($"[blue]step {e.Index + 1}/{e.Count}[/] [bold]{Markup.Escape(e.Step.Name)}[/]: {Markup.Escape(e.Step.CommandLine)}");
                break;
            case StepState.Skipped:
                ctx.Info.MarkupLine($"[grey]step {e.Index + 1}/{e.Count} {Markup.Escape(e.Step.Name)}: outputs exist, skipped[/]");
                break;
            case StepState.Succeeded:
                ctx.Info.MarkupLine($"[green]step {Markup.Escape(e.Step.Name)} done[/] in {e.Elapsed.TotalSeconds:F1} s");
                break;
            case StepState.Failed:
                ctx.Error.MarkupLine($"[red]step {Markup.Escape(e.Step.Name)} failed[/]");
                break;
            case StepState.Submitted:
                ctx.Info.MarkupLine($"[blue]step {e.Index + 1}/{e.Count}[/] [bold]{Markup.Escape(e.Step.Name)}[/] submitted: {Markup.Escape(e.Step.CommandLine)}");
                break;
        }
    });
}
