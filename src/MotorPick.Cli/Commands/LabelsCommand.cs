using System.CommandLine;
using System.Globalization;
using MotorPick.Core;
using MotorPick.Labels.Tables;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick labels</c>: build, combine and inspect label tables.</summary>
public static class LabelsCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("labels", "Build, combine and inspect label tables (train_labels.csv, gt.csv and their versions).");
        cmd.Subcommands.Add(Gt(ctx));
        cmd.Subcommands.Add(Concat(ctx));
        cmd.Subcommands.Add(Stats(ctx));
        cmd.Subcommands.Add(LabelsPatchCommands.Patch(ctx));
        cmd.Subcommands.Add(LabelsPatchCommands.Diff(ctx));
        cmd.Subcommands.Add(Interop.LabelsExportCommand.Create(ctx));
        cmd.Subcommands.Add(Portal.ConvertExternalCommand.Create(ctx));
        cmd.Subcommands.Add(Interop.LabelsImportCommand.Create(ctx));
        return cmd;
    }

    private static Command Gt(CliContext ctx)
    {
        var labels = new Option<string>("--labels") { Description = "Per-motor label file: train_labels.csv (extra columns allowed) or external_labels_v1.csv of 'labels convert-external'; a gt table is rebuilt.", Required = true };
        var output = new Option<string>("--out") { Description = "The one-row-per-tomogram table to write.", Required = true };
        var format = new Option<GtLayout>("--format") { Description = "full: the 20 columns of gt.csv/gt_v2.csv; short: the 10 columns of gt_v3.csv/external_gt.csv.", DefaultValueFactory = _ => GtLayout.Full };
        var cmd = new Command("gt",
            "Build the one-row-per-tomogram ground-truth table from a per-motor label file, exactly as the reference built gt.csv.\n\n" +
            "external_labels_v1.csv is read as the reference read it: motor_z/y/x in voxels of the stored tomogram, Z/Y/X its shape, " +
            "voxel_spacing = target_spacing.\n\n" +
            "Examples:\n  motorpick labels gt --labels train_labels_v2.csv --out gt_v2.csv\n  motorpick labels gt --labels train_labels.csv --out gt_short.csv --format short\n" +
            "  motorpick labels gt --labels external_labels_v2.csv --out external_gt.csv --format short")
        { labels, output, format };
        ctx.SetAction(cmd, (p, _) =>
        {
            var table = LabelTables.ReadPerMotor(p.GetValue(labels)!);
            ctx.PrintWarnings(table.Warnings);
            var gt = GtTable.FromTrainLabels(table);
            GtTableFile.Write(p.GetValue(output)!, gt, p.GetValue(format));
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/]: {gt.Rows.Count} tomograms, {gt.MotorCount} motors.");
            return CliContext.Ok;
        });
        return cmd;
    }

    private static Command Concat(CliContext ctx)
    {
        var inputs = new Argument<string[]>("tables") { Description = "Ground-truth tables to concatenate, in order.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "The concatenated table (short layout).", Required = true };
        var cmd = new Command("concat",
            "Project ground-truth tables to the short layout and concatenate them in order (as all_gt.csv = gt_v2.csv + external_gt.csv). " +
            "A tomogram present in two inputs is refused.\n\n" +
            "Examples:\n  motorpick labels concat gt_v3.csv external_gt.csv --out all_gt_v3.csv")
        { inputs, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var tables = p.GetValue(inputs)!.Select(path => LabelTables.ReadAsGt(path).Table).ToArray();
            var all = GtConcat.Concat(tables);
            GtTableFile.Write(p.GetValue(output)!, all, GtLayout.Short);
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/]: {all.Rows.Count} tomograms, {all.MotorCount} motors from {tables.Length} tables.");
            return CliContext.Ok;
        });
        return cmd;
    }

    private static Command Stats(CliContext ctx)
    {
        var table = new Argument<string>("table") { Description = "A gt table or a per-motor train_labels.csv." };
        var json = new Option<bool>("--json") { Description = "Print the counts as one JSON object for machines." };
        var cmd = new Command("stats",
            "Count tomograms and motors, and show the motors-per-tomogram and voxel-spacing histograms.\n\n" +
            "Examples:\n  motorpick labels stats gt_v3.csv\n  motorpick labels stats train_labels.csv\n  motorpick labels stats gt.csv --json | jq .motors")
        { table, json };
        ctx.SetAction(cmd, (p, _) =>
        {
            var (gt, warnings) = LabelTables.ReadAsGt(p.GetValue(table)!);
            ctx.PrintWarnings(warnings);
            var s = LabelStats.Of(gt);
            if (p.GetValue(json))
            {
                ctx.WriteJson(new
                {
                    path = p.GetValue(table), tomograms = s.Tomograms, motors = s.Motors,
                    motors_per_tomogram = s.MotorsPerTomogram.Select(x => new { motors = x.Motors, tomograms = x.Tomograms }),
                    voxel_spacings = s.Spacings.Select(x => new { spacing = x.Spacing, tomograms = x.Tomograms }),
                });
                return CliContext.Ok;
            }
            ctx.Console.MarkupLine($"[bold]{Markup.Escape(p.GetValue(table)!)}[/]: {s.Tomograms} tomograms, {s.Motors} motors");
            var perTomo = new Table().AddColumns("motors per tomogram", "tomograms", "share");
            foreach (var (m, n) in s.MotorsPerTomogram) perTomo.AddRow(Inv(m), Inv(n), Pct(n, s.Tomograms));
            var spacing = new Table().AddColumns("voxel spacing (Å)", "tomograms", "share");
            foreach (var (v, n) in s.Spacings) spacing.AddRow(PyFormat.Float(v), Inv(n), Pct(n, s.Tomograms));
            ctx.Console.Write(new Columns(perTomo, spacing) { Expand = false });
            return CliContext.Ok;
        });
        return cmd;
    }

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Pct(int n, int total) => (100.0 * n / Math.Max(1, total)).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
