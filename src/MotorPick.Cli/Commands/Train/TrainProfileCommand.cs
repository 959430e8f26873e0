using System.CommandLine;
using MotorPick.Core;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;
using MotorPick.Model.Training;
using Spectre.Console;

namespace MotorPick.Cli.Commands.Train;

/// <summary>
/// <c>motorpick train profile</c>: records a model's best-candidate confidences on held-out data in its card, for a model
/// trained without validation (<c>--train-on-all</c>): predict compares new data with this profile and warns when the
/// model does not fit them. Training with a validation fold records it by itself.
/// </summary>
public static class TrainProfileCommand
{
    public static Command Create(CliContext ctx)
    {
        var model = new Option<string>("--model") { Description = "The model's card (model.json) or its run folder; it is rewritten with the profile.", Required = true };
        var candidates = new Option<string>("--candidates") { Description = "Candidates that 'predict' wrote with this model on held-out tomograms it never trained on.", Required = true };
        var threshold = new Option<double>("--threshold") { Description = "The decision threshold the profile reports the share of tomograms above.", DefaultValueFactory = _ => 0.5 };
        var cmd = new Command("profile",
            "Record the model's confidence profile on held-out data (every tomogram's best candidate confidence) in its card as its validation " +
            "profile. 'predict' then compares the confidences on new data with it and warns when they are distributed unlike these.\n\n" +
            "Examples:\n  motorpick predict --model runs/all/model.json --data heldout --out heldout.csv\n" +
            "  motorpick train profile --model runs/all/model.json --candidates heldout.csv")
        { model, candidates, threshold };
        ctx.SetAction(cmd, (p, _) =>
        {
            var path = p.GetValue(model)!;
            var card = CheckpointCard.PathOf(path);
            if (!File.Exists(card)) throw new MotorPickException("no model card here: expected model.json or its run folder", card, field: "model");
            var best = ConfidenceProfile.BestPerTomogram(PredictionsFile.Read(p.GetValue(candidates)!));
            if (best.Count < FitCheck.MinTomogramsForTest)
                throw new MotorPickException($"the candidates cover {best.Count} tomogram(s); a profile that predict can test new data against needs at least {FitCheck.MinTomogramsForTest}",
                    p.GetValue(candidates)!, field: "candidates");
            var profile = ConfidenceProfile.Of(best.ToList(), p.GetValue(threshold));
            var updated = CheckpointCard.Load(card) with { ValidationConfidence = profile };
            AtomicFile.WriteAllText(card, updated.ToJson() + "\n");
            ctx.Console.MarkupLine($"recorded in [bold]{Markup.Escape(card)}[/]: {Markup.Escape(profile.Describe())}");
            return CliContext.Ok;
        });
        return cmd;
    }
}
