using System.CommandLine;
using MotorPick.Portal.Metadata;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Portal;

/// <summary><c>motorpick labels convert-external</c>: brendanartley's labels to stored-tomogram voxels (docs/reference.md 2.5).</summary>
public static class ConvertExternalCommand
{
    public static Command Create(CliContext ctx)
    {
        var labels = new Option<string>("--labels") { Description = "brendanartley_external_labels.csv (z on 128 sampled slices, y and x on 512x512; columns z, y, x, tomo_id, dataset_id).", Required = true };
        var meta = new Option<string>("--meta") { Description = "The meta/ directory of an ingest (one <tomo_id>.json per tomogram).", Required = true };
        var output = new Option<string>("--out") { Description = "external_labels_v1.csv to write (58 columns, label-file order).", Required = true };
        var cmd = new Command("convert-external",
            "Convert brendanartley's external labels to voxels of the ingested (re-spaced) tomograms exactly as the reference did " +
            "(create_external_data.ipynb cell 31); rows of runs without a meta file are skipped and reported.\n\n" +
            "Examples:\n  motorpick labels convert-external --labels brendanartley_external_labels.csv --meta external/meta --out external_labels_v1.csv")
        { labels, meta, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var result = ExternalLabelConverter.Run(p.GetValue(labels)!, p.GetValue(meta)!, p.GetValue(output)!);
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/]: {result.Rows} labels.");
            if (result.RunsWithoutMeta.Count > 0)
                ctx.Error.MarkupLine($"[yellow]warning:[/] skipped {result.RowsSkipped} labels of {result.RunsWithoutMeta.Count} runs without meta: " +
                    Markup.Escape(string.Join(", ", result.RunsWithoutMeta.Take(10)) + (result.RunsWithoutMeta.Count > 10 ? ", ..." : "")));
            return CliContext.Ok;
        });
        return cmd;
    }
}
