using System.CommandLine;
using MotorPick.Inference.Pipeline;
using MotorPick.Labels.Tables;
using MotorPick.Portal.Ingest;
using MotorPick.Volumes.Histograms;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick merge</c>: combine per-shard or per-fold tables into one.</summary>
public static class MergeCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("merge", "Combine tables written per fold or per shard into one file.");
        cmd.Subcommands.Add(Candidates(ctx));
        cmd.Subcommands.Add(Histograms(ctx));
        cmd.Subcommands.Add(Metadata(ctx));
        return cmd;
    }

    private static Command Candidates(CliContext ctx)
    {
        var inputs = new Argument<string[]>("files") { Description = "Candidate files (tomo_id, motor_z, motor_y, motor_x, conf).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Merged candidate file.", Required = true };
        var cmd = new Command("candidates",
            "Combine candidate files written per fold or per shard: rows ordered by tomogram id, each tomogram's rows as in its file, so the " +
            "result does not depend on the order of the files and equals one run over all tomograms. A tomogram present in two files is refused " +
            "(folds and shards never overlap).\n\n" +
            "Examples:\n  motorpick merge candidates fold0/candidates.csv fold1/candidates.csv --out candidates.csv\n" +
            "  motorpick merge candidates cand.shard-*-of-16.csv --out cand.csv")
        { inputs, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var (rows, tomograms) = CandidateMerge.Write(p.GetValue(inputs)!, p.GetValue(output)!);
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/]: {rows} rows, {tomograms} tomograms.");
            return CliContext.Ok;
        });
        return cmd;
    }

    private static Command Histograms(CliContext ctx)
    {
        var inputs = new Argument<string[]>("files") { Description = "histogram.json files written per shard.", Arity = ArgumentArity.OneOrMore };
        var labels = new Option<string?>("--labels") { Description = "The label file the shards were computed from: entries follow its order and every tomogram must be present (default: sorted by tomogram id)." };
        var output = new Option<string>("--out") { Description = "Merged histogram.json.", Required = true };
        var cmd = new Command("histograms",
            "Combine histogram.json files written by 'motorpick histogram --shard i/n' into one; with --labels the result is byte for byte what " +
            "one run over the label file writes. A tomogram present in two files is refused.\n\n" +
            "Examples:\n  motorpick merge histograms histogram.shard-*-of-8.json --labels gt.csv --out histogram.json")
        { inputs, labels, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var order = p.GetValue(labels) is { } lp ? LabelTables.ReadAsGt(lp).Table.Rows.Select(r => r.TomoId).ToList() : null;
            var merged = HistogramShards.Merge(p.GetValue(inputs)!, order);
            HistogramJson.Write(p.GetValue(output)!, merged);
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/]: {merged.Count} tomograms.");
            return CliContext.Ok;
        });
        return cmd;
    }

    private static Command Metadata(CliContext ctx)
    {
        var inputs = new Argument<string[]>("files") { Description = "portal_labels.shard-i-of-n.csv files of a sharded 'portal fetch'.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "The combined table (portal_labels.csv).", Required = true };
        var cmd = new Command("metadata",
            "Combine the per-shard portal tables of a sharded 'portal fetch' (run, motor positions, shape, spacing; train_labels layout) into the " +
            "table one unsharded run writes: rows by tomo_id, row_id renumbered. A tomogram in two files is refused. metadata_full.csv needs no merge: " +
            "'motorpick portal metadata --meta <out>/meta' reads every shard's per-run meta JSON.\n\n" +
            "Examples:\n  motorpick merge metadata data/external/portal_labels.shard-*-of-32.csv --out data/external/portal_labels.csv")
        { inputs, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var table = IngestShards.MergeLabels(p.GetValue(inputs)!);
            TrainLabelsFile.Write(p.GetValue(output)!, table);
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/]: {table.Rows.Count} rows, {table.ByTomogram().Count()} tomograms.");
            return CliContext.Ok;
        });
        return cmd;
    }
}
