using System.CommandLine;
using MotorPick.Core;
using MotorPick.Inference.Pipeline;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;
using MotorPick.Model.Training;
using MotorPick.Volumes.Statistics;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Train;

/// <summary>
/// <c>motorpick train profile</c>: records in a model's card what predict compares new data with, for a model whose
/// training did not record it: its best-candidate confidences on held-out data (a model trained with
/// <c>--train-on-all</c> has no validation data) and the image statistics of the tomograms it was trained on (a card
/// written before MotorPick measured them). Training records both by itself.
/// </summary>
public static class TrainProfileCommand
{
    public static Command Create(CliContext ctx)
    {
        var model = new Option<string>("--model") { Description = "The model's card (model.json) or its run folder; it is rewritten with the profile.", Required = true };
        var candidates = new Option<string?>("--candidates") { Description = "Candidates that 'predict' wrote with this model on held-out tomograms it never trained on: recorded as its validation confidence profile." };
        var threshold = new Option<double>("--threshold") { Description = "The decision threshold the confidence profile reports the share of tomograms above.", DefaultValueFactory = _ => 0.5 };
        var data = new DataSourceOptions(required: false,
            "The tomograms the model was trained on: their image statistics (grey-level mean, spread, skewness, fine detail), read at the model's spacing " +
            "as predict reads them, are recorded as its training image profile. " + DataSourceOptions.DataHelp);
        var labels = new Option<string?>("--labels") { Description = "With --data: the label table giving each tomogram's voxel spacing." };
        var assume = new Option<double?>("--assume-spacing") { Description = "With --data: voxel spacing (Å) of tomograms whose file has none and that --labels does not list." };
        var cmd = new Command("profile",
            "Record what 'predict' compares new data with in a model's card: its confidence profile on held-out data (--candidates: every " +
            "tomogram's best candidate confidence) and the image statistics of its training tomograms (--data). 'predict' warns when new data " +
            "look unlike the training tomograms or get confidences distributed unlike the held-out ones.\n\n" +
            "Examples:\n  motorpick predict --model runs/all/model.json --data heldout --out heldout.csv\n" +
            "  motorpick train profile --model runs/all/model.json --candidates heldout.csv\n" +
            "  motorpick train profile --model runs/all/model.json --data train --labels gt.csv")
        { model, candidates, threshold, labels, assume };
        data.AddTo(cmd);
        ctx.SetAction(cmd, (p, token) =>
        {
            var card = CheckpointCard.PathOf(p.GetValue(model)!);
            if (!File.Exists(card)) throw new MotorPickException("no model card here: expected model.json or its run folder", card, field: "model");
            if (p.GetValue(candidates) is null && data.Roots(p) is null)
                throw new MotorPickException("nothing to record: give --candidates (held-out confidences), --data (training tomograms) or both", field: "--candidates");
            var updated = CheckpointCard.Load(card);
            if (p.GetValue(candidates) is { } candidatePath)
            {
                var best = ConfidenceProfile.BestPerTomogram(PredictionsFile.Read(candidatePath));
                if (best.Count < FitCheck.MinTomogramsForTest)
                    throw new MotorPickException($"the candidates cover {best.Count} tomogram(s); a profile that predict can test new data against needs at least {FitCheck.MinTomogramsForTest}",
                        candidatePath, field: "candidates");
                var profile = ConfidenceProfile.Of(best.ToList(), p.GetValue(threshold));
                updated = updated with { ValidationConfidence = profile };
                ctx.Console.MarkupLine($"confidence profile: {Markup.Escape(profile.Describe())}");
            }
            if (data.Roots(p) is not null)
            {
                var images = MeasureImages(ctx, p, data, labels, assume, updated.TargetSpacing, token);
                if (images.Count < ImageProfile.MinTomograms)
                    throw new MotorPickException($"--data holds {images.Count} tomogram(s); an image profile that predict can test new data against needs at least {ImageProfile.MinTomograms}",
                        field: "--data");
                var profile = ImageProfile.Of(images.Values.ToList());
                updated = updated with { TrainingImages = profile };
                foreach (var feature in ImageStatistics.Features)
                    ctx.Console.MarkupLine($"image {feature.Name}: {ImageProfile.Summary.Of(profile.Values[feature.Name])} over {profile.Tomograms} tomograms");
            }
            AtomicFile.WriteAllText(card, updated.ToJson() + "\n");
            ctx.Console.MarkupLine($"recorded in [bold]{Markup.Escape(card)}[/]");
            return CliContext.Ok;
        });
        return cmd;
    }

    private static IReadOnlyDictionary<string, ImageStatistics> MeasureImages(CliContext ctx, ParseResult p, DataSourceOptions data,
        Option<string?> labels, Option<double?> assume, double targetSpacing, CancellationToken token)
    {
        GtTable? gt = null;
        if (p.GetValue(labels) is { } lp)
        {
            var (table, warnings) = LabelTables.ReadAsGt(lp);
            ctx.PrintWarnings(warnings);
            gt = table;
        }
        var options = new DatasetPredictOptions
        {
            Data = data.Open(p),
            OutPath = "unused.csv",
            Labels = gt,
            AssumeSpacing = p.GetValue(assume),
            VolumeCache = Volumes.Caching.VolumeCache.ForUser(),
        };
        IReadOnlyDictionary<string, ImageStatistics>? images = null;
        ctx.Info.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(pc =>
            {
                var task = pc.AddTask("image statistics", maxValue: 1);
                images = DatasetPredictor.MeasureImages(options, targetSpacing, new SyncProgress<(int Done, int Count)>(x =>
                {
                    task.MaxValue = x.Count;
                    task.Value = x.Done;
                }), token);
            });
        return images!;
    }
}
