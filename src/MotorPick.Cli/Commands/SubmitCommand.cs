using System.CommandLine;
using MotorPick.Core;
using MotorPick.Labels.Metrics;
using MotorPick.Inference.Submission;
using MotorPick.Labels.Tables;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick submit</c>: candidates to a competition submission with the reference's quantile threshold.</summary>
public static class SubmitCommand
{
    public static Command Create(CliContext ctx)
    {
        var candidates = new Option<string>("--candidates") { Description = "Candidate CSV (e.g. the output of 'motorpick ensemble').", Required = true };
        var quantile = new Option<double?>("--quantile") { Description = "Threshold = numpy linear quantile of all tomograms' best confidences (0.55 in the reference)." };
        var threshold = new Option<double?>("--threshold") { Description = "Fixed confidence threshold instead of --quantile." };
        var output = new Option<string>("--out") { Description = "Submission CSV (tomo_id, Motor axis 0, Motor axis 1, Motor axis 2).", Required = true };
        var cmd = new Command("submit",
            "Keep each tomogram's best candidate and declare it a motor when its conf is at least the threshold (ties stay positive); " +
            "the others get -1 (docs/reference.md 5.10).\n\n" +
            "Examples:\n  motorpick submit --candidates fused.csv --quantile 0.55 --out submission.csv\n" +
            "  motorpick submit --candidates candidates.csv --threshold 0.3 --out submission.csv")
        { candidates, quantile, threshold, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            if (p.GetValue(quantile).HasValue == p.GetValue(threshold).HasValue)
                throw new MotorPickException("give either --quantile or --threshold", field: "--quantile/--threshold");
            var predictions = PredictionsFile.Read(p.GetValue(candidates)!);
            var (rows, thr) = SubmissionBuilder.Build(predictions, p.GetValue(quantile), p.GetValue(threshold));
            PredictionsFile.WriteSubmission(p.GetValue(output)!, rows);
            if (p.GetValue(quantile) is { } q && FitCheck.QuantileNearZero(ConfidenceProfile.BestPerTomogram(predictions).ToList(), q, thr) is { } warning)
                ctx.Warn(warning);
            ctx.Console.MarkupLine($"threshold {thr:G6}: {rows.Count(r => r.HasMotor)} of {rows.Count} tomograms with a motor -> {Markup.Escape(p.GetValue(output)!)}");
            return CliContext.Ok;
        });
        return cmd;
    }
}
