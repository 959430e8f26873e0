using System.CommandLine;
using System.Globalization;
using MotorPick.Cli.Commands.Portal;
using MotorPick.Core;
using MotorPick.Core.Sharding;
using MotorPick.Portal.Api;
using MotorPick.Portal.Ingest;
using MotorPick.Portal.Metadata;
using MotorPick.Portal.Processing;
using MotorPick.Portal.Selection;
using MotorPick.Portal.StandIn;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick portal</c>: ingest external tomograms from the CryoET Data Portal (or its local stand-in).</summary>
public static class PortalCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("portal",
            "Fetch external tomograms from the CryoET Data Portal into the competition layout (JPEG slices at 16 Å, meta JSON, labels), " +
            "resumably and in parallel; build metadata_full.csv; run a local stand-in portal for offline use.\n\n" +
            "Examples:\n" +
            "  motorpick portal list --runs brendanartley_external_labels.csv\n" +
            "  motorpick portal fetch --runs brendanartley_external_labels.csv --out data/external --download-workers 8 --process-workers 1\n" +
            "  motorpick portal metadata --meta data/external/meta --out data/external/metadata_full.csv");
        cmd.Subcommands.Add(List(ctx));
        cmd.Subcommands.Add(Fetch(ctx));
        cmd.Subcommands.Add(Metadata(ctx));
        cmd.Subcommands.Add(ServeLocal(ctx));
        return cmd;
    }

    private static Command List(CliContext ctx)
    {
        var sel = new PortalSelectionOptions();
        var cmd = new Command("list",
            "Show what 'portal fetch' would download: run, dataset, chosen tomogram, spacing, shape, motor points and size.\n\n" +
            "Examples:\n  motorpick portal list --motor-runs\n  motorpick portal list --datasets 10001 10002 --format mrc");
        sel.AddTo(cmd);
        ctx.SetAction(cmd, (p, ct) =>
        {
            using var http = PortalHttp.CreateClient();
            var selection = IngestSelector.SelectAsync(sel.Client(p, http), sel.Request(p), ct).GetAwaiter().GetResult();
            ShowSelection(ctx, selection);
            return CliContext.Ok;
        });
        return cmd;
    }

    private static Command Fetch(CliContext ctx)
    {
        var sel = new PortalSelectionOptions();
        var output = new Option<string>("--out", "--output-dir") { Description = "Output directory: tomogram/<run>/slice_%04d.jpg, meta/<run>.json, labels/<run>.json, portal_labels.csv (raw downloads under raw/ unless --tmp-download-dir).", Required = true };
        var rawDir = new Option<string?>("--raw-dir", "--tmp-download-dir") { Description = "Where raw downloads wait for processing (default: <out>/raw); each run's folder is removed once processed unless --keep-raw." };
        var downloadWorkers = new Option<int>("--download-workers", "--num-download-workers") { Description = "Concurrent HTTP transfers.", DefaultValueFactory = _ => 8 };
        var processWorkers = new Option<int>("--process-workers", "--num-process-workers") { Description = "Tomograms processed at once.", DefaultValueFactory = _ => 1 };
        var queue = new Option<int>("--queue") { Description = "Downloaded tomograms that may wait for a process worker (0: process workers + 1).", DefaultValueFactory = _ => 0 };
        var budget = new Option<double>("--byte-budget-gb") { Description = "Raw data (GB) that may be downloaded but not yet processed.", DefaultValueFactory = _ => 16 };
        var keepRaw = new Option<bool>("--keep-raw") { Description = "Keep the raw OME-Zarr/MRC downloads under raw/." };
        var target = new Option<double>("--target-spacing") { Description = "Re-space to max(this, native) Å.", DefaultValueFactory = _ => 16.0 };
        var quant = new Option<QuantFixMode>("--quant-fix") { Description = "Wrong-quantisation fix: list (the reference's 43 runs), auto (the list + any int8-range run whose raw histogram shows uint8 values read as int8; 'histogram scan --meta' lists them), none.", DefaultValueFactory = _ => QuantFixMode.List };
        var threads = new Option<int>("--threads") { Description = "Threads per process worker (-1: all cores).", DefaultValueFactory = _ => -1 };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the selection and its total size; download nothing." };
        var shard = new Option<string?>("--shard") { Description = "Ingest only shard i of n of the selection (0-based, balanced by download size) into the shared --out; the label table goes to portal_labels.shard-i-of-n.csv (combine with 'motorpick merge metadata')." };
        var cmd = new Command("fetch",
            "Download and process portal tomograms as the reference did (stats, uint8 detection, quantisation fix, percentile clip, " +
            "re-spacing, JPEG slices, meta JSON). Rerunning resumes: complete tomograms and files are skipped, partial MRC files continue by Range.\n\n" +
            "Examples:\n" +
            "  motorpick portal fetch --runs brendanartley_external_labels.csv --out data/external\n" +
            "  motorpick portal fetch --motor-runs --format mrc --out ext --download-workers 4 --process-workers 2\n" +
            "  motorpick portal fetch --datasets 10001 --endpoint http://127.0.0.1:5000/graphql --out ext --dry-run\n" +
            "  motorpick portal fetch --runs brendanartley_external_labels.csv --out data/external --shard 3/32\n\n" +
            "The reference's download script's flags are accepted as they are: --output-dir (= --out), --tmp-download-dir (= --raw-dir), " +
            "--num-download-workers, --num-process-workers; add --policy first for its choice of tomogram (run.tomograms[0]):\n" +
            "  motorpick portal fetch --runs brendanartley_external_labels.csv --output-dir data/external/ --tmp-download-dir data/external/tmp/ " +
            "--num-download-workers 8 --num-process-workers 1 --policy first")
        { output, rawDir, downloadWorkers, processWorkers, queue, budget, keepRaw, target, quant, threads, dryRun, shard };
        sel.AddTo(cmd);
        ctx.SetAction(cmd, (p, ct) =>
        {
            if (p.GetValue(downloadWorkers) < 1 || p.GetValue(processWorkers) < 1)
                throw new MotorPickException("--download-workers and --process-workers must be at least 1", field: "--download-workers");
            using var http = PortalHttp.CreateClient(p.GetValue(downloadWorkers) * 2);
            var request = sel.Request(p);
            var selection = IngestSelector.SelectAsync(sel.Client(p, http), request, ct).GetAwaiter().GetResult();
            var part = Shard.ParseOptional(p.GetValue(shard));
            if (part is { } s) selection = IngestShards.Select(selection, s);
            ShowSelection(ctx, selection);
            if (p.GetValue(dryRun)) return CliContext.Ok;
            var options = new IngestOptions
            {
                OutDir = p.GetValue(output)!,
                RawDir = p.GetValue(rawDir),
                Format = request.Format,
                Level = request.Level,
                DownloadWorkers = p.GetValue(downloadWorkers),
                ProcessWorkers = p.GetValue(processWorkers),
                QueueCapacity = p.GetValue(queue) > 0 ? p.GetValue(queue) : p.GetValue(processWorkers) + 1,
                ByteBudget = (long)(p.GetValue(budget) * 1e9),
                KeepRaw = p.GetValue(keepRaw),
                Process = new ProcessOptions { TargetSpacing = p.GetValue(target), QuantFix = p.GetValue(quant), Threads = p.GetValue(threads) },
                Shard = part,
            };
            using var outputLock = OutputLocks.TakeForShard(ctx, p, options.OutDir, part);
            IngestReport? report = null;
            ctx.Info.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .Start(progress =>
                {
                    var view = new IngestProgressView(progress, selection.ExpectedBytes);
                    report = new IngestPipeline(http, options, observer: view).RunAsync(selection, ct).GetAwaiter().GetResult();
                });
            ShowReport(ctx, report!);
            return report!.Failed > 0 ? CliContext.Failed : CliContext.Ok;
        });
        return cmd;
    }

    private static Command Metadata(CliContext ctx)
    {
        var meta = new Option<string>("--meta") { Description = "The meta/ directory of an ingest.", Required = true };
        var output = new Option<string>("--out") { Description = "metadata_full.csv to write (51 columns, sorted by tomo_id).", Required = true };
        var cmd = new Command("metadata",
            "Build metadata_full.csv from the meta JSON files exactly as the reference's notebook did (list cells as Python list strings).\n\n" +
            "Examples:\n  motorpick portal metadata --meta data/external/meta --out data/external/metadata_full.csv")
        { meta, output };
        ctx.SetAction(cmd, (p, _) =>
        {
            var rows = MetadataTable.Write(p.GetValue(meta)!, p.GetValue(output)!);
            ctx.Console.MarkupLine($"Wrote [bold]{Markup.Escape(p.GetValue(output)!)}[/]: {rows} tomograms.");
            return CliContext.Ok;
        });
        return cmd;
    }

    private static Command ServeLocal(CliContext ctx)
    {
        var data = new Option<string>("--data") { Description = "A directory made by 'motorpick synth --format all' (portal/<run>/...), or an empty one to fill with --synthesize.", Required = true };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: a free one).", DefaultValueFactory = _ => 0 };
        var synthesize = new Option<int>("--synthesize") { Description = "First write this many small synthetic runs into --data.", DefaultValueFactory = _ => 0 };
        var faults = new Option<double>("--fault-rate") { Description = "Share of requests answered with an injected fault (500/503, dropped or cut bodies, wrong Content-Length, slow answers).", DefaultValueFactory = _ => 0 };
        var cmd = new Command("serve-local",
            "Serve a local stand-in of the portal (GraphQL + files with Range support) on 127.0.0.1 until Ctrl+C or SIGTERM, to try the ingest offline.\n\n" +
            "Examples:\n  motorpick portal serve-local --data demo-portal --synthesize 6\n" +
            "  motorpick portal fetch --motor-runs --endpoint http://127.0.0.1:PORT/graphql --out demo-ext")
        { data, port, synthesize, faults };
        ctx.SetAction(cmd, (p, ct) =>
        {
            var dir = p.GetValue(data)!;
            if (p.GetValue(synthesize) > 0)
            {
                var names = SyntheticPortalData.Write(dir, new SyntheticPortalOptions { Count = p.GetValue(synthesize) });
                ctx.Console.MarkupLine($"Wrote {names.Count} synthetic runs to [bold]{Markup.Escape(dir)}[/].");
            }
            var server = LocalPortalServer.StartAsync(dir, p.GetValue(port), ct).GetAwaiter().GetResult();
            try
            {
                if (p.GetValue(faults) > 0) server.Faults = new FaultInjector { Rate = p.GetValue(faults) };
                ctx.Console.MarkupLine($"Serving {server.Catalogue.RunNames.Count} runs. GraphQL endpoint: [bold]{server.Endpoint}[/]");
                ctx.Console.MarkupLine($"Try: motorpick portal fetch --motor-runs --endpoint {server.Endpoint} --out ext");
                ctx.Info.MarkupLine("Press Ctrl+C to stop.");
                // stopping is this command's normal end: SIGTERM and Ctrl+C exit 0, as review serve does
                try { server.WaitForShutdownAsync(ct).GetAwaiter().GetResult(); }
                catch (OperationCanceledException) { }
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            return CliContext.Ok;
        });
        return cmd;
    }

    private static void ShowSelection(CliContext ctx, SelectionResult selection)
    {
        var table = new Table().AddColumns("run", "dataset", "tomogram", "processing", "spacing (Å)", "shape (z, y, x)", "points", "size");
        foreach (var i in selection.Items.Take(50))
        {
            var t = i.Tomogram;
            table.AddRow(Markup.Escape(i.TomoId), Inv(i.Run.DatasetId), $"{t.Id} (of {i.TomogramCount})", Markup.Escape(t.Processing ?? "?"),
                PyFormat.Float(t.VoxelSpacing), $"{t.SizeZ}, {t.SizeY}, {t.SizeX}", i.Points is null ? "[grey]none[/]" : "yes", Size(i.ExpectedBytes));
        }
        if (selection.Items.Count > 50) table.AddRow($"... {selection.Items.Count - 50} more", "", "", "", "", "", "", "");
        ctx.Console.Write(table);
        ctx.Console.MarkupLine($"[bold]{selection.Items.Count}[/] tomograms, {Size(selection.ExpectedBytes)} to download.");
        foreach (var w in selection.Warnings.Take(10)) ctx.Warn(w);
        if (selection.MissingRuns.Count > 0)
            ctx.Error.MarkupLine($"[yellow]missing on the portal ({selection.MissingRuns.Count}):[/] " +
                Markup.Escape(string.Join(", ", selection.MissingRuns.Take(20)) + (selection.MissingRuns.Count > 20 ? ", ..." : "")));
    }

    private static void ShowReport(CliContext ctx, IngestReport report)
    {
        foreach (var o in report.Outcomes.Where(o => o.Status == IngestStatus.Skipped))
            ctx.Info.MarkupLine($"[grey]skipped {Markup.Escape(o.Item.TomoId)}: ingested by an earlier run[/]");
        var summary = new Table().AddColumns("fetched", "skipped", "failed", "missing", "downloaded", "requests (retries)", "time", "rate");
        var secs = Math.Max(1e-3, report.Elapsed.TotalSeconds);
        summary.AddRow(Inv(report.Fetched), Inv(report.Skipped), Inv(report.Failed), Inv(report.MissingRuns.Count), Size(report.BytesReceived),
            $"{report.Requests} ({report.Retries})", report.Elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
            $"{(report.Fetched * 60 / secs).ToString("0.0", CultureInfo.InvariantCulture)} tomograms/min, {Size((long)(report.BytesReceived / secs))}/s");
        ctx.Console.Write(summary);
        var failed = report.Outcomes.Where(o => o.Status == IngestStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            var t = new Table().AddColumns("failed run", "reason");
            foreach (var f in failed) t.AddRow(Markup.Escape(f.Item.TomoId), Markup.Escape(f.Reason ?? ""));
            ctx.Console.Write(t);
        }
        if (report.LabelsPath is not null) ctx.Console.MarkupLine($"Labels: [bold]{Markup.Escape(report.LabelsPath)}[/]");
    }

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
    };
}
