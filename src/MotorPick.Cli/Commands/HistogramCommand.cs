using System.CommandLine;
using System.Globalization;
using MotorPick.Cli.Commands.Volume;
using MotorPick.Core;
using MotorPick.Core.Sharding;
using MotorPick.Labels.Tables;
using MotorPick.Volumes.Histograms;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick histogram</c>: the reference's histogram.json, and a plot flagging wrongly quantised tomograms.</summary>
public static class HistogramCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new DataSourceOptions();
        var labels = new Option<string>("--labels") { Description = "Label table (gt.csv or train_labels.csv): tomo ids, in this order, and voxel_spacing.", Required = true };
        var spacing = new Option<double>("--spacing") { Description = "Re-space to this voxel size (A) before counting.", DefaultValueFactory = _ => 13.1 };
        var output = new Option<string>("--out") { Description = "histogram.json to write.", Required = true };
        var plot = new Option<string?>("--plot") { Description = "Also write a PNG of the histograms, flagged ones in red." };
        var precision = new Option<string>("--precision") { Description = "fp16 (default, reproduces the reference, which resampled tomo.half()) or fp32.", DefaultValueFactory = _ => "fp16" };
        var shard = new Option<string?>("--shard") { Description = "Only shard i of n of the label file's tomograms (0-based, balanced by slice bytes), into <out-stem>.shard-i-of-n.json; combine with 'motorpick merge histograms'." };
        var fix = new Option<bool>("--fix-known") { Description = "Apply the +127 fix to the 15 known competition ids first (the reference's file was made without it)." };
        var cmd = new Command("histogram",
            "Write the reference's histogram.json: for each tomogram of the label file, the JPEG stack re-spaced to --spacing " +
            "(PyTorch trilinear), truncated to uint8, and counted in 256 bins, with ori_shape and spaced_shape. Tomograms whose " +
            "sum(h[0:50]) / sum(h[50:]) > 1 are reported as suspected wrong quantisation. " +
            "Resumable: finished tomograms are kept in <out>.parts/ and skipped by a rerun.\n\n" +
            "Examples:\n  motorpick histogram --data train --labels gt.csv --spacing 13.1 --out histogram.json\n" +
            "  motorpick histogram --data train --labels gt.csv --out histogram.json --plot histograms.png\n" +
            "  motorpick histogram --data train --labels gt.csv --shard 0/8 --out histogram.json   (writes histogram.shard-0-of-8.json)\n" +
            "  motorpick histogram scan --histograms histogram.json   (the too-dark / too-light candidates)")
        { labels, spacing, output, plot, precision, fix, shard };
        data.AddTo(cmd);
        cmd.Subcommands.Add(HistogramScanCommand.Create(ctx));
        ctx.SetAction(cmd, (p, ct) =>
        {
            var half = p.GetValue(precision) switch
            {
                "fp16" => true,
                "fp32" => false,
                var other => throw new MotorPickException($"--precision must be fp16 or fp32, got '{other}'"),
            };
            var (gt, _) = LabelTables.ReadAsGt(p.GetValue(labels)!);
            // --fix-known is off by default here: the reference's histogram.json was made before the fix existed
            var tomograms = data.Open(p, quantisationFix: p.GetValue(fix));
            IReadOnlyList<HistogramInput> inputs = gt.Rows.Select(r => new HistogramInput(r.TomoId, tomograms.Get(r.TomoId).Path,
                tomograms.Spacing(r.TomoId, r.VoxelSpacing, null, gt.Source)) { Open = () => tomograms.OpenVolume(r.TomoId) }).ToList();
            var part = Shard.ParseOptional(p.GetValue(shard));
            if (part is { } s) inputs = HistogramShards.Select(inputs, s);
            string Out(string path) => part is { } s2 ? s2.Tag(path) : path;
            var options = new HistogramOptions { TargetSpacing = p.GetValue(spacing), RoundToHalf = half, FixKnownQuantisation = p.GetValue(fix) };
            var outPath = Out(p.GetValue(output)!);
            using var outputLock = OutputLocks.TakeForFile(ctx, p, outPath);
            var skipped = new List<string>();
            var result = CliProgress.Run(ctx, "histograms", progress =>
                HistogramParts.Run(inputs, options, outPath, new SyncProgress<HistogramProgress>(x =>
                {
                    if (x.Skipped) skipped.Add(x.TomoId);
                    progress.Report((double)x.Done / x.Total);
                }), ct));
            foreach (var id in skipped) ctx.Info.MarkupLine($"[grey]skipped {Markup.Escape(id)}: histogram kept from an earlier run[/]");
            var flagged = result.Where(h => h.LooksWronglyQuantised).ToList();
            var t = new Table().Title($"{result.Count} tomograms, {flagged.Count} suspected wrongly quantised").AddColumns("tomo_id", Markup.Escape("sum(h[:50]) / sum(h[50:])"));
            foreach (var h in flagged) t.AddRow(Markup.Escape(h.TomoId), h.DarkRatio.ToString("G6", CultureInfo.InvariantCulture));
            ctx.Console.Write(t);
            if (p.GetValue(plot) is { } plotPath)
            {
                var png = Out(plotPath);
                HistogramPlotter.Write(png, result);
                ctx.Console.MarkupLine($"plot: {Markup.Escape(png)}");
            }
            return CliContext.Ok;
        });
        return cmd;
    }
}
