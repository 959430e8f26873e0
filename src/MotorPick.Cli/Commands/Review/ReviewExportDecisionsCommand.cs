using System.CommandLine;
using MotorPick.Curation.Review;
using MotorPick.Review.Web;
using MotorPick.Review.Web.Storage;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Review;

/// <summary><c>motorpick review export-decisions</c>: the browser review's decisions as decisions.json.</summary>
public static class ReviewExportDecisionsCommand
{
    public static Command Create(CliContext ctx)
    {
        var review = new Option<string>("--review") { Description = "Review directory with review.json.", Required = true };
        var reviewer = new Option<string?>("--reviewer") { Description = "Export this reviewer's tags only. Without it, every decided item; items where reviewers disagree are reported and left undecided." };
        var db = new Option<string?>("--db") { Description = "SQLite file of the decisions (default <review>/review-decisions.sqlite)." };
        var output = new Option<string?>("--out") { Description = "File to write (default <review>/decisions.json, where 'labels patch' looks)." };
        var cmd = new Command("export-decisions",
            "Write the decisions made in 'motorpick review serve' as decisions.json, the same file 'review import-cvat' writes, so 'labels patch' takes either. " +
            "Also prints the agreement table when several reviewers tagged the same items.\n\n" +
            "Examples:\n  motorpick review export-decisions --review review/round1\n" +
            "  motorpick review export-decisions --review review/round1 --reviewer alice --out review/round1/decisions-alice.json")
        { review, reviewer, db, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var dir = p.GetValue(review)!;
            var path = p.GetValue(output) ?? DecisionFile.PathIn(dir);
            var export = DecisionExport.Run(dir, p.GetValue(db), p.GetValue(reviewer), path);
            if (export.Agreement.Pairs.Count > 0)
            {
                var t = new Table().AddColumns("reviewers", "items both decided", "same tags", "agreement");
                foreach (var pair in export.Agreement.Pairs)
                    t.AddRow(Markup.Escape($"{pair.A} / {pair.B}"), pair.Both.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        pair.Agreed.ToString(System.Globalization.CultureInfo.InvariantCulture), pair.Fraction.ToString("P0", System.Globalization.CultureInfo.InvariantCulture));
                ctx.Console.Write(t);
            }
            foreach (var problem in export.Decisions.Problems) ctx.Warn($"{problem.Image}: {problem.Message}");
            var d = export.Decisions.Decisions;
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(path)}[/]: {d.Count}/{export.ItemCount} items decided, {d.Sum(x => x.AcceptedCandidates.Count)} candidates accepted, " +
                $"{d.Count(x => x.KeepLabels == false)} items without tag 0, {export.Decisions.Problems.Count} problems.");
            return CliContext.Ok;
        });
        return cmd;
    }
}
