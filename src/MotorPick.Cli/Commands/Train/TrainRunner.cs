using System.Globalization;
using MotorPick.Core;
using MotorPick.Model.Training;
using MotorPick.Rounds.Reports;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Train;

/// <summary>Runs <see cref="TrainingJob"/> under Spectre progress bars: loading, then training (step, loss, steps/s, ETA).</summary>
internal static class TrainRunner
{
    public static TrainSummary Run(CliContext ctx, TrainJobRequest request, CancellationToken ct)
    {
        var console = ctx.Info;
        TrainSummary? summary = null;
        var o = request.Options;
        console.MarkupLine($"[grey]preset[/] {Markup.Escape(o.Preset)}  [grey]patch[/] {string.Join('x', o.Patch)}  [grey]spacing[/] {o.TargetSpacing.ToString(CultureInfo.InvariantCulture)} Å  " +
                           $"[grey]stride[/] {o.OutputStride}  {StepsText(o)}  [grey]device[/] {Markup.Escape(o.Device)}  [grey]precision[/] {Markup.Escape(o.Precision)}");
        if (request.Resume && Trainer.ResumePoint(request.RunDir) is { } resume)
            console.MarkupLine(resume.Step >= (resume.PlannedSteps ?? o.Steps)
                ? $"[grey]skipped training: the run finished its {resume.Step} steps earlier[/]"
                : $"[grey]resuming from the checkpoint at step {resume.Step}: steps 1-{resume.Step} skipped[/]");
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(pc =>
            {
                var load = pc.AddTask("loading volumes", maxValue: 1);
                var train = pc.AddTask("training", autoStart: false, maxValue: o.Steps);
                var loading = new SyncProgress<LoadProgress>(p =>
                {
                    load.MaxValue = p.Total;
                    load.Value = p.Done;
                    load.Description = $"loading {Markup.Escape(p.TomoId)}{(p.FromCache ? " (cached)" : "")}";
                });
                var curves = new CurvesRefresh(request.RunDir);
                var training = new SyncProgress<TrainProgress>(p =>
                {
                    curves.Maybe(p.Validation is not null);
                    ctx.TrainingObserver?.Invoke(p);
                    if (!train.IsStarted) { load.StopTask(); load.Description = "volumes loaded"; train.StartTask(); }
                    train.MaxValue = p.Steps; // a time-budgeted run plans its steps after warm-up
                    train.Value = p.Step;
                    var val = p.Validation is { } v ? $" | val F2 {v.F2:0.000} best {v.BestF2:0.000}" : "";
                    train.Description = string.Create(CultureInfo.InvariantCulture,
                        $"step {p.Step}/{p.Steps} loss {p.Loss:0.0000} lr {p.Lr:0.0e0} {p.StepsPerSecond:0.00} steps/s{val}");
                });
                // the curves are drawn before model.json marks the run done; a run that finished earlier without them gets them now
                summary = TrainingJob.Run(request with { OnRetry = ctx.Warn, BeforeDone = dir => TrainingCurves.Write(dir) }, loading, training, ct);
                train.StopTask();
                if (!File.Exists(Path.Combine(request.RunDir, TrainingCurves.FileName))) TrainingCurves.Write(request.RunDir);
            });
        return summary!;
    }

    private static string StepsText(TrainOptions o) => o.TimeBudget is { } b
        ? $"[grey]time budget[/] {Markup.Escape(b)} [grey](steps planned from the measured rate, at most {o.Steps})[/]"
        : $"[grey]steps[/] {o.Steps}";

    /// <summary>Redraws progress.png after a validation, or when the last drawing is older than <see cref="Every"/>.</summary>
    private sealed class CurvesRefresh(string runDir)
    {
        private static readonly TimeSpan Every = TimeSpan.FromSeconds(30);
        private readonly System.Diagnostics.Stopwatch since = System.Diagnostics.Stopwatch.StartNew();

        public void Maybe(bool validated)
        {
            if (!validated && since.Elapsed < Every) return;
            TrainingCurves.Write(runDir);
            since.Restart();
        }
    }
}
