using System.CommandLine;
using System.Globalization;
using MotorPick.Core;
using MotorPick.Labels.Csv;
using MotorPick.Labels.Splits;
using MotorPick.Labels.Tables;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick split</c>: cross-validation splits in the reference's JSON layout.</summary>
public static class SplitCommand
{
    public static Command Create(CliContext ctx)
    {
        var labels = new Option<string>("--labels") { Description = "Ground-truth table (gt.csv layout) or per-motor train_labels.csv.", Required = true };
        var folds = new Option<int>("--folds") { Description = "Number of folds K.", DefaultValueFactory = _ => 5 };
        var seed = new Option<uint>("--seed") { Description = "random_state of the shuffle (numpy legacy RandomState).", DefaultValueFactory = _ => 42 };
        var maxVal = new Option<int?>("--max-val-motors") { Description = "Keep only tomograms with at most this many motors in val lists (the others train); the reference used 1." };
        var groupBy = new Option<string?>("--group-by") { Description = "Keep every value of this column in one fold: voxel_spacing, or any column of the label file (e.g. dataset_id)." };
        var output = new Option<string>("--out") { Description = "Split JSON to write.", Required = true };
        var cmd = new Command("split",
            "Stratified K-fold split by number of motors over tomo_ids sorted ascending, assigning folds exactly as scikit-learn's " +
            "StratifiedKFold(n_splits=K, shuffle=True, random_state=S).\n\n" +
            "Examples:\n  motorpick split --labels gt.csv --folds 4 --seed 42 --max-val-motors 1 --out cv/v1/skf4_rd42.json\n" +
            "  motorpick split --labels gt.csv --folds 4 --group-by voxel_spacing --out skf4_by_spacing.json\n" +
            "  motorpick split refine --split cv/v2/skf4_rd42.json --labels all_gt_v3.csv --max-val-motors 1 --out cv/v3/skf4_rd42.json")
        { labels, folds, seed, maxVal, groupBy, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var path = p.GetValue(labels)!;
            var (gt, warnings) = LabelTables.ReadAsGt(path);
            ctx.PrintWarnings(warnings);
            var column = p.GetValue(groupBy);
            var split = column is null
                ? SplitBuilder.StratifiedKFold(gt, p.GetValue(folds), p.GetValue(seed), p.GetValue(maxVal))
                : SplitBuilder.StratifiedGroupKFold(gt, GroupsOf(path, gt, column), column, p.GetValue(folds), p.GetValue(seed), p.GetValue(maxVal));
            CvSplitFile.Write(p.GetValue(output)!, split);
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/] ({split.Splitter}, {split.NumFolds} folds, random_state {p.GetValue(seed)}).");
            PrintFolds(ctx, split, gt);
            return CliContext.Ok;
        });
        cmd.Subcommands.Add(Refine(ctx));
        return cmd;
    }

    private static Command Refine(CliContext ctx)
    {
        var split = new Option<string>("--split") { Description = "The split to refine (e.g. cv/v2/skf4_rd42.json).", Required = true };
        var labels = new Option<string>("--labels") { Description = "The new labels (e.g. all_gt_v3.csv).", Required = true };
        var maxVal = new Option<int>("--max-val-motors") { Description = "Val tomograms with more motors under the new labels move to train.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Refined split JSON to write.", Required = true };
        var cmd = new Command("refine",
            "Refine a split after the labels changed (the reference's v3 rule): val tomograms that now have more than --max-val-motors " +
            "motors are appended, in order, to that fold's train list.\n\n" +
            "Examples:\n  motorpick split refine --split cv/v2/skf4_rd42.json --labels all_gt_v3.csv --max-val-motors 1 --out cv/v3/skf4_rd42.json")
        { split, labels, maxVal, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var (gt, warnings) = LabelTables.ReadAsGt(p.GetValue(labels)!);
            ctx.PrintWarnings(warnings);
            var before = CvSplitFile.Read(p.GetValue(split)!);
            var after = SplitBuilder.Refine(before, gt, p.GetValue(maxVal));
            CvSplitFile.Write(p.GetValue(output)!, after);
            var moved = before.Folds.Sum(f => f.Val.Count) - after.Folds.Sum(f => f.Val.Count);
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/]: {moved} val tomograms moved to train.");
            PrintFolds(ctx, after, gt);
            return CliContext.Ok;
        });
        return cmd;
    }

    private static IReadOnlyDictionary<string, string> GroupsOf(string path, GtTable gt, string column)
    {
        if (column == "voxel_spacing") return gt.Rows.ToDictionary(r => r.TomoId, r => PyFormat.Float(r.VoxelSpacing), StringComparer.Ordinal);
        var doc = CsvDocument.Load(path);
        var c = doc.Column(column);
        var id = doc.Column("tomo_id");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in doc.Rows) result.TryAdd(r[id], r[c]);
        return result;
    }

    private static void PrintFolds(CliContext ctx, CvSplit split, GtTable gt)
    {
        var classes = gt.Rows.Select(r => r.NumMotors).Distinct().Order().ToArray();
        var table = new Table().AddColumns(["fold", "train", "val", .. classes.Select(c => $"val with {c} motor(s)")]);
        for (var k = 0; k < split.Folds.Count; k++)
        {
            var f = split.Folds[k];
            var counts = classes.Select(c => f.Val.Count(id => gt.TryGet(id, out var row) && row.NumMotors == c).ToString(CultureInfo.InvariantCulture));
            table.AddRow([k.ToString(CultureInfo.InvariantCulture), f.Train.Count.ToString(CultureInfo.InvariantCulture), f.Val.Count.ToString(CultureInfo.InvariantCulture), .. counts]);
        }
        ctx.Console.Write(table);
    }
}
