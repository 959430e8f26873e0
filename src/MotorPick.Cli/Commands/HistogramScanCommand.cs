using System.CommandLine;
using System.Globalization;
using MotorPick.Core;
using MotorPick.Labels.Csv;
using MotorPick.Portal.Metadata;
using MotorPick.Portal.Processing;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick histogram scan</c>: the too-light / too-dark candidates of the quantisation fixes, from histogram files.</summary>
public static class HistogramScanCommand
{
    public static Command Create(CliContext ctx)
    {
        var histograms = new Option<string[]>("--histograms") { Description = "histogram.json files (uint8 histograms of JPEG stacks, as 'motorpick histogram' writes them).", AllowMultipleArgumentsPerToken = true };
        var meta = new Option<string[]>("--meta") { Description = "meta/ directories of 'portal fetch' (the raw ori_histogram of each run, before any fix).", AllowMultipleArgumentsPerToken = true };
        var irregular = new Option<string?>("--irregular") { Description = "tatamikenn_irregular_labels.csv: the candidate list the reference chose its 43 portal ids from; each row says whether it is a candidate, and candidates not scanned are listed." };
        var output = new Option<string?>("--out") { Description = "Write every tomogram's verdict as CSV (tomo_id, source, look, statistic, rule, irregular, on_fix_list)." };
        var cmd = new Command("scan",
            "List the tomograms whose histograms look too dark or too light, the candidates of the wrong-quantisation fixes, as the " +
            "reference's histogram notebooks did. JPEG-stack histograms (histogram.json): too dark when sum(h[:50]) / sum(h[50:]) > 1 " +
            "(the reference's rule: exactly its 15 competition ids), too light when sum(h[206:]) / sum(h[:206]) > 1. Raw portal histograms " +
            "(meta/<run>.json): an int8-range run with more than half its voxels at |v| >= 64 holds uint8 values read as int8; too dark when " +
            "most of those are negative, else too light. The reference chose its 43 portal ids by eye among tatamikenn's candidates: pass " +
            "them with --irregular to compare. The lists of ids that the fixes use stay the reference's (portal fetch --quant-fix list); " +
            "--quant-fix auto adds what the raw rule finds.\n\n" +
            "Examples:\n  motorpick histogram scan --histograms histogram.json\n" +
            "  motorpick histogram scan --meta data/external/meta --irregular tatamikenn_irregular_labels.csv --out quant_candidates.csv")
        { histograms, meta, irregular, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var files = p.GetValue(histograms) ?? [];
            var dirs = p.GetValue(meta) ?? [];
            if (files.Length + dirs.Length == 0)
                throw new MotorPickException("say what to scan: --histograms histogram.json and/or --meta <meta directory>", field: "--histograms");
            var candidates = p.GetValue(irregular) is { } ip ? IrregularLabels.ReadIds(ip) : null;
            var entries = QuantisationScan.Scan(files, dirs, candidates?.ToHashSet(StringComparer.Ordinal));
            if (p.GetValue(output) is { } outPath) AtomicFile.WriteAllText(outPath, Csv(entries));

            var flagged = entries.Where(e => e.Flagged).ToList();
            var t = new Table().Title($"{entries.Count} tomograms: {flagged.Count(e => e.Look == IntensityLook.TooDark)} too dark, " +
                $"{flagged.Count(e => e.Look == IntensityLook.TooLight)} too light")
                .AddColumns(["tomo_id", "look", "statistic", "rule", .. candidates is null ? Array.Empty<string>() : ["irregular"], "on the reference's fix list"]);
            foreach (var e in flagged)
                t.AddRow([Markup.Escape(e.TomoId), Look(e.Look), e.Statistic.ToString("G6", CultureInfo.InvariantCulture), Markup.Escape(e.Rule),
                    .. candidates is null ? Array.Empty<string>() : [YesNo(e.Irregular == true)], YesNo(e.OnFixList)]);
            ctx.Console.Write(t);
            var listed = entries.Where(e => e.OnFixList).ToList();
            ctx.Console.MarkupLine($"On the reference's fix lists: {listed.Count} scanned, {listed.Count(e => e.Flagged)} of them flagged; " +
                $"flagged but not listed: {flagged.Count(e => !e.OnFixList)}.");
            if (candidates is not null)
            {
                var scanned = entries.Select(e => e.TomoId).ToHashSet(StringComparer.Ordinal);
                var missing = candidates.Where(id => !scanned.Contains(id)).ToList();
                ctx.Console.MarkupLine($"Irregular candidates: {candidates.Count}; scanned {candidates.Count - missing.Count}, flagged " +
                    $"{flagged.Count(e => e.Irregular == true)}; flagged but not a candidate: {flagged.Count(e => e.Irregular == false)}.");
                if (missing.Count > 0)
                    ctx.Info.MarkupLine($"[grey]candidates without a histogram here ({missing.Count}): " +
                        Markup.Escape(string.Join(", ", missing.Take(20)) + (missing.Count > 20 ? ", ..." : "")) + "[/]");
            }
            return CliContext.Ok;
        });
        return cmd;
    }

    private static string Csv(IReadOnlyList<ScanEntry> entries)
    {
        var csv = new CsvText().Row("tomo_id", "source", "look", "statistic", "rule", "irregular", "on_fix_list");
        foreach (var e in entries)
            csv.Row(e.TomoId, e.Source, Look(e.Look), PyFormat.Float(e.Statistic), e.Rule,
                e.Irregular is null ? "" : e.Irregular.Value ? "True" : "False", e.OnFixList ? "True" : "False");
        return csv.ToString();
    }

    private static string Look(IntensityLook look) => look switch
    {
        IntensityLook.TooDark => "too-dark",
        IntensityLook.TooLight => "too-light",
        _ => "normal",
    };

    private static string YesNo(bool v) => v ? "yes" : "no";
}
