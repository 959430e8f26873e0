using System.CommandLine;
using MotorPick.Cli.Commands.Predict;
using MotorPick.Core;
using MotorPick.Core.Sharding;
using MotorPick.Inference.Aggregation;
using MotorPick.Inference.Coordinates;
using MotorPick.Inference.Models;
using MotorPick.Inference.Pipeline;
using MotorPick.Labels.Tables;
using MotorPick.Volumes.Geometry;
using Spectre.Console;

namespace MotorPick.Cli.Commands;

/// <summary><c>motorpick predict</c>: heatmap models to motor candidates for every tomogram of a directory.</summary>
public static class PredictCommand
{
    public static Command Create(CliContext ctx)
    {
        var model = new Option<string[]>("--model") { Description = "Model: an .onnx file (with a <model>.onnx.json card beside it) or a MotorPick checkpoint card (.json) or folder (runs on its ONNX export when one lies beside it, see --engine); repeat for an ensemble. Default: the model shipped with MotorPick (models/default: a tiny detector trained on randomised synthetic tomograms only).", AllowMultipleArgumentsPerToken = true };
        var card = new Option<string?>("--card") { Description = "Model card JSON to use instead of the one beside an ONNX file (applies to every --model)." };
        var weights = new Option<string?>("--weights") { Description = "Comma-separated positive weight per --model, in --model order, for heatmap averaging: each heatmap cell is sum(w * logit) / sum(w) over models and TTAs (default 1 each; round 2 of the reference: ResNet101 1, X3D 0.75, ConvNeXt 0.75)." };
        var data = new DataSourceOptions();
        var labels = new Option<string?>("--labels") { Description = "Label table giving each tomogram's voxel spacing (gt table, train_labels.csv or external_labels_v1.csv)." };
        var assume = new Option<double?>("--assume-spacing") { Description = "Voxel spacing (Å) of tomograms whose file has none in a header and that --labels does not list (the reference assumes 13.1 for test data)." };
        var onlyLabelled = new Option<bool>("--only-labelled") { Description = "With --labels: predict only the tomograms in the label table." };
        var ids = new Option<string?>("--ids") { Description = "Comma-separated tomogram ids to predict (default: all)." };
        var tta = new Option<string>("--tta") { Description = "Comma-separated TTA codes, zyx|zxy with optional _ and flip axes (zyx,zxy,zyx_x,zxy_z,...), or a named set: all (the 16 codes round 1 averaged), ref5 (zyx,zxy,zyx_x,zyx_y,zyx_z: each model of the round-2 and external ensembles).", DefaultValueFactory = _ => "zyx" };
        var stride = new Option<int>("--stride") { Description = "Aggregation grid stride in re-spaced voxels (8 in submissions, 4 in the labelling rounds).", DefaultValueFactory = _ => 8 };
        var conf = new Option<double>("--conf") { Description = "Decoder probability threshold.", DefaultValueFactory = _ => 0.02 };
        var maxDets = new Option<int>("--max-dets") { Description = "Most candidates per tomogram and heatmap.", DefaultValueFactory = _ => 100 };
        var nmsA = new Option<double>("--nms-a") { Description = "NMS distance in Å between kept candidates.", DefaultValueFactory = _ => 1000.0 };
        var blurSigma = new Option<double?>("--blur-sigma") { Description = "Gaussian post-blur sigma in voxels at the model spacing (the unit of --stride; the heatmap sigma is this / --stride), independent of --nms-a; default none. Round 2: 6.25 (100 Å at 16 Å: 1.5625 heatmap voxels at stride 4)." };
        var blur = new Option<double?>("--blur") { Description = "Gaussian post-blur sigma as a fraction of --nms-a (sigma = nms-a / spacing / stride * fraction heatmap voxels); default none. Round 2's sigma with its 333 Å NMS distance needs --blur-sigma." };
        var fp16 = new Option<string>("--fp16-coords") { Description = "fp16 rounding of coordinates: single (submit_3d.py), double (labelling scripts, reproduces the pseudo-labels) or off.", DefaultValueFactory = _ => "single" };
        var precision = new Option<string>("--precision") { Description = "Aggregation buffers: fp16 (the reference) or fp32.", DefaultValueFactory = _ => "fp16" };
        var aggregate = new Option<string>("--aggregate") { Description = "Average logits (sigmoid last, the reference) or probabilities.", DefaultValueFactory = _ => "logits" };
        var ensemble = new Option<string>("--ensemble") { Description = "heatmap: one heatmap averaging all models and TTAs; none: one candidate file per model and TTA (<out>.<model>-<tta>.csv) for 'motorpick ensemble'.", DefaultValueFactory = _ => "heatmap" };
        var saveHeatmaps = new Option<string?>("--save-heatmaps") { Description = "Directory for fp16 NPY heatmaps: <dir>/<agg>/<tomo_id>.npy." };
        var engine = new Option<string>("--engine") { Description = "auto: ONNX Runtime for .onnx files and for checkpoints with their ONNX export beside them (model.onnx, written by train and export; about 4x faster on the CPU), TorchSharp for other checkpoints; onnx or torch to insist.", DefaultValueFactory = _ => "auto" };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int>("--threads") { Description = "Threads for the model and the pipeline (0: all cores).", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch") { Description = "Windows per forward pass.", DefaultValueFactory = _ => 1 };
        var noFix = new Option<bool>("--no-quantisation-fix") { Description = "Do not apply +127 to the 15 wrongly quantised competition tomograms." };
        var output = new Option<string>("--out") { Description = "Candidate CSV (tomo_id, motor_z, motor_y, motor_x, conf) in original voxels.", Required = true };
        var shard = new Option<string?>("--shard") { Description = "Predict only shard i of n (0-based, balanced by slice bytes) and write <out-stem>.shard-i-of-n.csv; combine with 'motorpick merge candidates'." };
        var cmd = new Command("predict",
            "Predict motor candidates: re-space each tomogram to the model spacing, slide windows, run every model under every TTA, " +
            "aggregate the heatmaps, decode local maxima with NMS and map them back to original voxels (docs/reference.md 5.2-5.8). " +
            "Resumable: finished tomograms are kept in <out>.parts/ and skipped by a rerun. With --shard i/n (an array job task) only that shard's " +
            "tomograms are predicted, into <out-stem>.shard-i-of-n.csv.\n\n" +
            "Examples:\n  motorpick predict --data my_tomograms --assume-spacing 13.1 --out candidates.csv   (the shipped default model)\n" +
            "  motorpick predict --model x3d.onnx --data train --labels gt.csv --out candidates.csv\n" +
            "  motorpick predict --model x3d.onnx --data test --assume-spacing 13.1 --tta zyx,zxy --ensemble none --out tmp/cand.csv\n" +
            "  motorpick predict --model x3d.onnx --data train --labels gt.csv --shard 2/8 --out cand.csv\n" +
            "  motorpick predict --model runs/fold0/model.json --engine torch --data train --labels gt.csv --out cand.csv\n" +
            "  motorpick predict --model a.onnx --model b.onnx --weights 1,0.75 --data train --labels gt_v2.csv --tta ref5 --stride 4 --blur-sigma 6.25 --nms-a 333.3333 --conf 0.03 --max-dets 8 --fp16-coords double --save-heatmaps heatmaps --out round2.csv")
        {
            model, card, weights, labels, assume, onlyLabelled, ids, tta, stride, conf, maxDets, nmsA, blurSigma, blur, fp16, precision, aggregate,
            ensemble, saveHeatmaps, engine, device, threads, batch, noFix, output, shard,
        };
        data.AddTo(cmd);
        ctx.SetAction(cmd, (p, token) =>
        {
            var paths = p.GetValue(model) is { Length: > 0 } given ? given : [ShippedModel.Locate()];
            if (p.GetValue(model) is not { Length: > 0 }) ctx.Warn(ShippedModel.Notice(paths[0]));
            var w = p.GetValue(weights) is { } ws ? ws.Split(',').Select(s => Number(s, "--weights")).ToArray() : paths.Select(_ => 1.0).ToArray();
            if (w.Length != paths.Length) throw new MotorPickException($"{w.Length} weights for {paths.Length} models", field: "--weights");
            GtTable? gt = null;
            if (p.GetValue(labels) is { } lp)
            {
                var (table, warnings) = LabelTables.ReadAsGt(lp);
                ctx.PrintWarnings(warnings);
                gt = table;
            }
            if (p.GetValue(blurSigma) is not null && p.GetValue(blur) is not null)
                throw new MotorPickException("--blur-sigma and --blur both set the blur: give one", field: "--blur-sigma");
            var nThreads = p.GetValue(threads);
            var options = new PredictOptions
            {
                Ttas = TtaCode.ParseList(p.GetValue(tta)!),
                HeatmapStride = p.GetValue(stride),
                ConfThreshold = p.GetValue(conf),
                MaxDets = p.GetValue(maxDets),
                NmsA = p.GetValue(nmsA),
                BlurSigmaVoxels = p.GetValue(blurSigma),
                BlurFraction = p.GetValue(blur),
                Coords = CoordinateMap.Parse(p.GetValue(fp16)!),
                Precision = p.GetValue(precision) switch
                {
                    "fp16" => HeatmapPrecision.Half,
                    "fp32" => HeatmapPrecision.Single,
                    var s => throw new MotorPickException($"unknown precision '{s}': expected fp16 or fp32", field: "--precision"),
                },
                Aggregate = p.GetValue(aggregate) switch
                {
                    "logits" => AggregateValue.Logits,
                    "probs" or "probabilities" => AggregateValue.Probabilities,
                    var s => throw new MotorPickException($"unknown aggregate '{s}': expected logits or probs", field: "--aggregate"),
                },
                Ensemble = p.GetValue(ensemble) switch
                {
                    "heatmap" => EnsembleMode.Heatmap,
                    "none" => EnsembleMode.None,
                    var s => throw new MotorPickException($"unknown ensemble mode '{s}': expected heatmap or none", field: "--ensemble"),
                },
                BatchSize = p.GetValue(batch),
                MaxDegreeOfParallelism = nThreads > 0 ? nThreads : -1,
                KeepHeatmaps = p.GetValue(saveHeatmaps) is not null,
            };
            var loaded = new List<IHeatmapModel>();
            try
            {
                var engineChoice = HeatmapModelLoader.ParseEngine(p.GetValue(engine)!);
                foreach (var path in paths)
                    loaded.Add(HeatmapModelLoader.Load(path, p.GetValue(card), p.GetValue(device)!, nThreads, engineChoice,
                        d => ctx.Info.MarkupLine($"[grey]model {Markup.Escape(d)}[/]")));
                var names = paths.Select(x => Path.GetFileNameWithoutExtension(x)).ToArray();
                if (names.Distinct().Count() != names.Length) names = names.Select((n, i) => $"{n}{i}").ToArray();
                var predictor = new TomogramPredictor(loaded.Select((m, i) => new PredictModel(m, names[i], w[i])).ToArray(), options);
                var run = new DatasetPredictOptions
                {
                    Data = data.Open(p, !p.GetValue(noFix), nThreads > 0 ? nThreads : -1),
                    OutPath = p.GetValue(output)!,
                    Labels = gt,
                    AssumeSpacing = p.GetValue(assume),
                    OnlyLabelled = p.GetValue(onlyLabelled),
                    TomoIds = p.GetValue(ids)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    HeatmapDir = p.GetValue(saveHeatmaps),
                    QuantisationFix = !p.GetValue(noFix),
                    ReadThreads = nThreads > 0 ? nThreads : -1,
                    Shard = Shard.ParseOptional(p.GetValue(shard)),
                    VolumeCache = Volumes.Caching.VolumeCache.ForUser(),
                };
                using var outputLock = OutputLocks.TakeForFile(ctx, p, run.Shard is { } part ? part.Tag(run.OutPath) : run.OutPath);
                var result = RunWithProgress(ctx, predictor, run, token);
                Report(ctx, result);
                if (result.Normalised is { Count: > 0 } normalised) ctx.Warn(Volumes.Streaming.ModelInput.Note(normalised.Count, normalised.Values));
                var fit = FitWarnings.For(paths, result, run.Shard is not null);
                if (fit.Note is { } note) ctx.Info.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
                foreach (var warning in fit.Warnings) ctx.Warn(warning);
            }
            finally
            {
                foreach (var m in loaded) m.Dispose();
            }
            return CliContext.Ok;
        });
        return cmd;
    }

    private static DatasetPredictResult RunWithProgress(CliContext ctx, TomogramPredictor predictor, DatasetPredictOptions run, CancellationToken token)
    {
        DatasetPredictResult? result = null;
        var skipped = new List<string>();
        ctx.Info.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(pc =>
            {
                var all = pc.AddTask("tomograms");
                ProgressTask? current = null;
                var currentId = "";
                var progress = new SyncProgress<DatasetProgress>(d =>
                {
                    all.MaxValue = d.Count;
                    if (d.Skipped)
                    {
                        all.Increment(1);
                        skipped.Add(d.Tomogram.TomoId);
                        return;
                    }
                    var t = d.Tomogram;
                    if (t.TomoId != currentId)
                    {
                        current?.StopTask();
                        current = pc.AddTask(Markup.Escape(t.TomoId));
                        currentId = t.TomoId;
                    }
                    switch (t.Stage)
                    {
                        case PredictStage.Respacing:
                            current!.Description = $"{Markup.Escape(t.TomoId)} re-spacing";
                            break;
                        case PredictStage.Windows:
                            current!.MaxValue = t.Total;
                            current.Value = t.Done;
                            current.Description = $"{Markup.Escape(t.TomoId)} {t.Done}/{t.Total} windows, {t.WindowsPerSecond:F2}/s";
                            break;
                        case PredictStage.Done:
                            current!.Value = current.MaxValue;
                            current.StopTask();
                            all.Increment(1);
                            break;
                    }
                });
                result = DatasetPredictor.Run(predictor, run, progress, token);
                all.Value = all.MaxValue;
            });
        foreach (var id in skipped) ctx.Info.MarkupLine($"[grey]skipped {Markup.Escape(id)}: predicted by an earlier run[/]");
        return result!;
    }

    private static void Report(CliContext ctx, DatasetPredictResult r)
    {
        var t = new Table().AddColumns("item", "value")
            .AddRow("tomograms", $"{r.Tomograms} ({r.Predicted} predicted, {r.Resumed} from an earlier run)");
        if (r.Timings.Count > 0)
        {
            var model = r.Timings.Sum(x => x.Model.TotalSeconds);
            var total = r.Timings.Sum(x => x.Total.TotalSeconds);
            var windows = r.Timings.Sum(x => x.Windows);
            t.AddRow("windows", $"{windows} ({windows / Math.Max(total, 1e-9):F2}/s)")
             .AddRow("model time", $"{model:F1} s of {total:F1} s");
        }
        foreach (var (agg, file) in r.Files) t.AddRow($"candidates {Markup.Escape(agg)}", Markup.Escape(file));
        ctx.Console.Write(t);
    }

    private static double Number(string s, string field) =>
        double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v : throw new MotorPickException($"'{s}' is not a number", field: field);
}
