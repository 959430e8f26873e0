using System.CommandLine;
using System.Globalization;
using MotorPick.Cli.Commands.Train;
using MotorPick.Model.Training;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick train</c>: trains the heatmap detector on a fold (or on everything) and writes a run directory.</summary>
public static class TrainCommand
{
    public static Command Create(CliContext ctx)
    {
        var o = new TrainCommandOptions();
        var cmd = new Command("train",
            "Train the 3D U-Net heatmap detector (Gaussian targets of 200 Å, pre_patch sampling with the 16 rot90/flip variants, heavy augmentation, " +
            "AdamW + cosine, EMA) and write a run directory: train.json (every option as used), train_log.csv, model.json + model.safetensors (EMA " +
            "weights and model card), best.json + best.safetensors, checkpoint/ (for --resume). Options given on the command line override --config.\n\n" +
            "Examples:\n" +
            "  motorpick train --labels gt.csv --data data/train --split skf4_rd42.json --fold 0 --preset tiny --steps 200 --out runs/tiny-f0\n" +
            "  motorpick train --labels all_gt.csv --data data --train-on-all --preset x3d-m --device cuda --out runs/x3d --config train.json\n" +
            "  motorpick train --labels gt.csv --data data/demo --split split.json --fold 0 --spacing 32 --patch 32,96,96 --out runs/demo --resume\n" +
            "  motorpick train --labels gt.csv --data data/demo --train-on-all --preset tiny --time-budget 20m --out runs/budget\n" +
            "  motorpick train --list-presets\n" +
            "  motorpick train profile --model runs/budget/model.json --candidates heldout.csv");
        o.AddTo(cmd);
        cmd.Subcommands.Add(TrainProfileCommand.Create(ctx));
        ctx.SetAction(cmd, (parse, ct) =>
        {
            if (parse.GetValue(o.ListPresets))
            {
                ctx.Console.Write(PresetTable.Build(parse.GetValue(o.Stride) ?? 16));
                return CliContext.Ok;
            }
            var request = o.ToRequest(parse);
            using var outputLock = OutputLocks.Take(ctx, parse, request.RunDir);
            var summary = TrainRunner.Run(ctx, request, ct);
            ctx.Console.Write(SummaryTable(summary));
            return CliContext.Ok;
        });
        return cmd;
    }

    private static Table SummaryTable(TrainSummary s)
    {
        static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
        var t = new Table().AddColumns("", "").HideHeaders()
            .AddRow("steps", s.Steps.ToString(CultureInfo.InvariantCulture))
            .AddRow("last loss", F(s.LastLoss))
            .AddRow("time", $"{s.Seconds:F1} s")
            .AddRow("model", Markup.Escape(s.ModelCard));
        if (s.OnnxModel is { } onnx) t.AddRow("onnx model", Markup.Escape(onnx));
        if (s.SkippedSteps > 0) t.AddRow("skipped steps", $"{s.SkippedSteps} (fp16 gradient overflow; the loss scale backed off)");
        if (s.LastValidation is { } v)
            t.AddRow("validation (last)", $"F2@{F(v.Threshold)} {F(v.F2)}, best F2 {F(v.BestF2)} @ {F(v.BestThreshold)}, PAP {F(v.PartialAp)}, {v.Tomograms} tomograms");
        if (s.Best is { } b && s.BestCard is { } card)
            t.AddRow("best", $"step {b.Step}: best F2 {F(b.BestF2)} ({Markup.Escape(card)})");
        return t;
    }
}
