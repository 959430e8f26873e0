using System.CommandLine;
using System.Globalization;
using MotorPick.Core;
using MotorPick.Curation.Patching;
using MotorPick.Curation.Review;
using MotorPick.Labels.Tables;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick labels patch</c> and <c>labels diff</c>: apply review decisions and see what changed.</summary>
public static class LabelsPatchCommands
{
    public static Command Patch(CliContext ctx)
    {
        var labels = new Option<string>("--labels") { Description = "Labels to patch: train_labels.csv, external_labels_v1.csv (of 'labels convert-external') or a gt table; written in the train_labels.csv layout.", Required = true };
        var review = new Option<string>("--review") { Description = "Review directory with review.json and decisions.json.", Required = true };
        var decisions = new Option<string?>("--decisions") { Description = "Decisions file (default: <review>/decisions.json)." };
        var round = new Option<string>("--round") { Description = "Round name written to the source column of touched rows (e.g. round1).", Required = true };
        var semantics = new Option<PatchSemantics>("--semantics") { Description = "Reference: round-1 tag semantics; External: confirmed labels replaced by their predictions.", DefaultValueFactory = _ => PatchSemantics.Reference };
        var output = new Option<string>("--out") { Description = "The new label version to write.", Required = true };
        var cmd = new Command("patch",
            "Apply review decisions to a label table and write the next version: tag 0 keeps a tomogram's labels, tag k appends candidate k " +
            "(source = the round, conf = its confidence); untouched tomograms stay as they are; rows are renumbered. Then 'labels gt' builds the next gt table.\n\n" +
            "Examples:\n  motorpick labels patch --labels train_labels.csv --review review/round1 --round round1 --out train_labels_v2.csv\n" +
            "  motorpick labels patch --labels external_labels_v1.csv --review review/external --round external --semantics External --out external_labels_v2.csv")
        { labels, review, decisions, round, semantics, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var table = LabelTables.ReadPerMotor(p.GetValue(labels)!);
            var set = ReviewFile.Read(p.GetValue(review)!);
            var d = DecisionFile.Read(p.GetValue(decisions) ?? DecisionFile.PathIn(p.GetValue(review)!));
            var (patched, report) = LabelPatcher.Patch(table, set, d, p.GetValue(round)!, p.GetValue(semantics));
            TrainLabelsFile.Write(p.GetValue(output)!, patched);
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/]: {patched.Rows.Count} rows; {report.TomogramsChanged} tomograms touched, " +
                $"{report.MotorsAdded} motors added, {report.MotorsRemoved} removed, {report.MotorsReplaced} replaced, {report.Undecided} items undecided.");
            return CliContext.Ok;
        });
        return cmd;
    }

    public static Command Diff(CliContext ctx)
    {
        var oldFile = new Argument<string>("old") { Description = "The earlier version (gt table or train_labels.csv)." };
        var newFile = new Argument<string>("new") { Description = "The later version (gt table or train_labels.csv; its source/conf columns give provenance)." };
        var limit = new Option<int>("--show") { Description = "How many changed tomograms to list.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print every change as one JSON object for machines (--show does not apply)." };
        var cmd = new Command("diff",
            "Compare two label versions per tomogram: motors added, moved (within 1000 Å) and removed, with provenance. Motor order does not matter.\n\n" +
            "Examples:\n  motorpick labels diff gt_v2.csv gt_v3.csv\n  motorpick labels diff gt.csv train_labels_v2.csv --show 100\n  motorpick labels diff gt_v2.csv gt_v3.csv --json | jq '.motors_added'")
        { oldFile, newFile, limit, json };
        ctx.SetAction(cmd, (p, _) =>
        {
            var (a, _) = LabelTables.ReadAsGt(p.GetValue(oldFile)!);
            var (b, _) = LabelTables.ReadAsGt(p.GetValue(newFile)!);
            TrainLabelsTable? provenance = null;
            if (b.Layout == GtLayout.Full && File.ReadLines(p.GetValue(newFile)!).First().Contains("Motor axis 0", StringComparison.Ordinal))
                provenance = TrainLabelsFile.Read(p.GetValue(newFile)!);
            var d = LabelDiff.Compare(a, b, provenance);
            if (p.GetValue(json))
            {
                ctx.WriteJson(DiffJson(d));
                return CliContext.Ok;
            }
            var t = new Table().AddColumns("tomo_id", "added", "moved", "removed");
            foreach (var c in d.Changed.Take(p.GetValue(limit)))
                t.AddRow(c.TomoId,
                    string.Join("\n", c.Added.Select(x => $"{x.Point}{(x.Source is null ? "" : $" {x.Source}")}{(x.Conf is null ? "" : $" conf {x.Conf}")}")),
                    string.Join("\n", c.Moved.Select(m => $"{m.From} -> {m.To}")),
                    string.Join("\n", c.Removed.Select(x => x.ToString())));
            if (d.Changed.Count > 0) ctx.Console.Write(t);
            ctx.Console.MarkupLine($"[bold]{d.Changed.Count} tomograms changed, {d.MotorsAdded} motors added, {d.MotorsMoved} moved, {d.MotorsRemoved} removed[/]" +
                (d.OnlyInOld.Count + d.OnlyInNew.Count > 0 ? $"; {d.OnlyInOld.Count} tomograms only in the old version, {d.OnlyInNew.Count} only in the new" : "") + ".");
            return CliContext.Ok;
        });
        return cmd;
    }

    private static object DiffJson(LabelDiffResult d) => new
    {
        tomograms_changed = d.Changed.Count, motors_added = d.MotorsAdded, motors_moved = d.MotorsMoved, motors_removed = d.MotorsRemoved,
        only_in_old = d.OnlyInOld, only_in_new = d.OnlyInNew,
        changed = d.Changed.Select(c => new
        {
            tomo_id = c.TomoId,
            added = c.Added.Select(x => new { zyx = Zyx(x.Point), source = x.Source, conf = x.Conf }),
            moved = c.Moved.Select(m => new { from = Zyx(m.From), to = Zyx(m.To) }),
            removed = c.Removed.Select(Zyx),
        }),
    };

    private static double[] Zyx(MotorPick.Labels.Point3 p) => [p.Z, p.Y, p.X];
}
