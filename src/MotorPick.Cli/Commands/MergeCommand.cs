using System.CommandLine;
using MotorPick.Core;
using MotorPick.Labels.Tables;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick merge</c>: combine per-shard or per-fold tables into one.</summary>
public static class MergeCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("merge", "Combine tables written per fold or per shard into one file.");
        cmd.Subcommands.Add(Candidates(ctx));
        return cmd;
    }

    private static Command Candidates(CliContext ctx)
    {
        var inputs = new Argument<string[]>("files") { Description = "Candidate files (tomo_id, motor_z, motor_y, motor_x, conf).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Merged candidate file.", Required = true };
        var cmd = new Command("candidates",
            "Concatenate candidate files, keeping each file's rows in order; a tomogram present in two files is refused (folds and shards never overlap).\n\n" +
            "Examples:\n  motorpick merge candidates fold0/candidates.csv fold1/candidates.csv --out candidates.csv")
        { inputs, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var owner = new Dictionary<string, string>(StringComparer.Ordinal);
            var all = new List<Prediction>();
            foreach (var file in p.GetValue(inputs)!)
            {
                var rows = PredictionsFile.Read(file);
                foreach (var id in rows.Select(r => r.TomoId).Distinct())
                    if (!owner.TryAdd(id, file)) throw new MotorPickException($"{id} is in both {owner[id]} and {file}", file, field: "tomo_id");
                all.AddRange(rows);
            }
            PredictionsFile.WriteCandidates(p.GetValue(output)!, all);
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/]: {all.Count} rows, {owner.Count} tomograms.");
            return CliContext.Ok;
        });
        return cmd;
    }
}
