using System.CommandLine;
using MotorPick.Core;
using MotorPick.Inference.Ensemble;
using MotorPick.Labels.Tables;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick ensemble</c>: the reference's 3D point WBF over candidate files.</summary>
public static class EnsembleCommand
{
    public static Command Create(CliContext ctx)
    {
        var files = new Argument<string[]>("candidates") { Description = "Candidate CSVs (tomo_id, motor_z, motor_y, motor_x, conf), one per model/TTA.", Arity = ArgumentArity.OneOrMore };
        var labels = new Option<string?>("--labels") { Description = "Label table giving each tomogram's voxel spacing." };
        var assume = new Option<double?>("--assume-spacing") { Description = "Voxel spacing (Å) assumed for every tomogram (13.1 for the reference's test data)." };
        var distA = new Option<double>("--dist-a") { Description = "Clustering distance in Å (converted to voxels with each tomogram's spacing).", DefaultValueFactory = _ => 1000.0 };
        var skip = new Option<double>("--skip") { Description = "Drop candidates with conf below this before fusing (WBF_CONF_THRES).", DefaultValueFactory = _ => 0.2 };
        var conf = new Option<string>("--conf") { Description = "Fused confidence: avg (the reference), max, or box_and_model_avg.", DefaultValueFactory = _ => "avg" };
        var weights = new Option<string?>("--weights") { Description = "Comma-separated weight per candidate file (default 1 each)." };
        var all = new Option<bool>("--all") { Description = "Keep every fused point of a tomogram (default: the best one, as the reference)." };
        var output = new Option<string>("--out") { Description = "Fused candidate CSV.", Required = true };
        var cmd = new Command("ensemble",
            "Fuse candidate files with the reference's 3D point weighted-boxes fusion (docs/reference.md 5.9): per tomogram, candidates with conf >= --skip " +
            "are clustered greedily by score within --dist-a, fused by score-weighted mean, and confidences rescaled by min(n, models) / models.\n\n" +
            "Examples:\n  motorpick ensemble tmp/cand.*.csv --assume-spacing 13.1 --out fused.csv\n" +
            "  motorpick ensemble a.csv b.csv --labels gt.csv --skip 0.05 --conf max --out fused.csv")
        { files, labels, assume, distA, skip, conf, weights, all, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var paths = p.GetValue(files)!;
            Func<string, double> spacing;
            if (p.GetValue(labels) is { } lp == p.GetValue(assume).HasValue)
                throw new MotorPickException("give either --labels or --assume-spacing", field: "--labels/--assume-spacing");
            if (p.GetValue(assume) is { } s) spacing = _ => s;
            else
            {
                var (gt, warnings) = LabelTables.ReadAsGt(p.GetValue(labels)!);
                ctx.PrintWarnings(warnings);
                spacing = id => gt.TryGet(id, out var row) ? row.VoxelSpacing
                    : throw new MotorPickException($"tomogram {id} is not in the label table", gt.Source, field: "tomo_id");
            }
            var type = p.GetValue(conf) switch
            {
                "avg" => WbfConfType.Avg,
                "max" => WbfConfType.Max,
                "box_and_model_avg" => WbfConfType.BoxAndModelAvg,
                var c => throw new MotorPickException($"unknown conf type '{c}': expected avg, max or box_and_model_avg", field: "--conf"),
            };
            var w = p.GetValue(weights)?.Split(',').Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var fused = CandidateEnsemble.Fuse(paths.Select(PredictionsFile.Read).ToArray(), spacing,
                new WbfOptions { SkipThr = p.GetValue(skip), ConfType = type }, p.GetValue(distA), w, topOnly: !p.GetValue(all));
            PredictionsFile.WriteCandidates(p.GetValue(output)!, fused);
            ctx.Console.MarkupLine($"fused {paths.Length} files: {fused.Select(f => f.TomoId).Distinct().Count()} tomograms, " +
                $"{fused.Count(f => f.HasMotor)} points -> {Markup.Escape(p.GetValue(output)!)}");
            return CliContext.Ok;
        });
        return cmd;
    }
}
