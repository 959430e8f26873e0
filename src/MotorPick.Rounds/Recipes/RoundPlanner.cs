using MotorPick.Core;
using MotorPick.Curation.Review;
using MotorPick.Curation.Patching;
using MotorPick.Labels.Splits;
using MotorPick.Rounds.Execution;
using MotorPick.Rounds.Invocations;

namespace MotorPick.Rounds.Recipes;

/// <summary>Where a round puts its files.</summary>
public sealed record RoundPaths(string Root)
{
    public string Gt => Path.Combine(Root, "gt.csv");
    public string Split => Path.Combine(Root, "split.json");
    public string Candidates => Path.Combine(Root, "candidates.csv");
    public string Heatmaps => Path.Combine(Root, "heatmaps");
    public string EnsembleHeatmaps => Path.Combine(Heatmaps, "ensemble");
    public string Review => Path.Combine(Root, "review");
    /// <summary>Written by 'review render' once every image is there (the images directory exists from the first image on).</summary>
    public string Rendered => new ReviewDirectory(Review).RenderedMarker;
    public string CvatTask => Path.Combine(Root, "cvat-task.zip");
    public string Manifest => Path.Combine(Root, "manifest.json");
    public string ModelDir(int? fold) => Path.Combine(Root, FoldDir(fold), "model");
    public string ModelCard(int? fold) => Path.Combine(ModelDir(fold), "model.json");

    /// <summary>Where an ensemble member trained by the round lives (<c>all/&lt;name&gt;/model</c> or <c>fold&lt;k&gt;/&lt;name&gt;/model</c>).</summary>
    public string MemberModelDir(int? fold, string member) => Path.Combine(Root, FoldDir(fold), member, "model");
    public string MemberModelCard(int? fold, string member) => Path.Combine(MemberModelDir(fold, member), "model.json");
    public string FoldCandidates(int? fold) => Path.Combine(Root, FoldDir(fold), "candidates.csv");
    public string PatchedLabels(string round) => Path.Combine(Root, $"train_labels_{round}.csv");
    public string PatchedGt(string round) => Path.Combine(Root, $"gt_{round}.csv");
    public string RefinedSplit(string round) => Path.Combine(Root, $"split_{round}.json");

    private static string FoldDir(int? fold) => fold is { } k ? $"fold{k}" : "all";
}

/// <summary>
/// Turns a recipe into typed commands: the cheap preparation (gt table, split) and the heavy plan (train, predict,
/// merge, mine, render, export) whose steps an executor runs in-process or submits to a scheduler.
/// </summary>
public static class RoundPlanner
{
    public static RoundPaths PathsFor(RoundRecipe recipe, string recipeDir) =>
        new(Path.GetFullPath(recipe.Out is null ? Identifiers.Child(recipeDir, recipe.Name) : Path.Combine(recipeDir, recipe.Out)));

    /// <summary>Steps that must run before the plan can be made (they decide the folds).</summary>
    public static IReadOnlyList<RoundStep> Preparation(RoundRecipe recipe, string recipeDir)
    {
        var p = PathsFor(recipe, recipeDir);
        var labels = Resolve(recipeDir, recipe.TrainLabels);
        var steps = new List<RoundStep> { new("gt", new LabelsGtInvocation(labels, p.Gt), [], [p.Gt]) };
        if (recipe.Kind == "kfold" && recipe.Split is null)
            steps.Add(new RoundStep("split", new SplitInvocation(p.Gt, recipe.Folds, recipe.Seed, recipe.MaxValMotors, p.Split), ["gt"], [p.Split]));
        return steps;
    }

    /// <summary>The heavy plan; needs the split of the preparation for a k-fold round.</summary>
    public static IReadOnlyList<RoundStep> Plan(RoundRecipe recipe, string recipeDir)
    {
        var p = PathsFor(recipe, recipeDir);
        var data = Resolve(recipeDir, recipe.Data);
        var steps = new List<RoundStep>();
        var candidateFiles = new List<string>();
        if (recipe.Kind == "kfold")
        {
            var splitPath = recipe.Split is null ? p.Split : Resolve(recipeDir, recipe.Split);
            var split = CvSplitFile.Read(splitPath);
            for (var k = 0; k < split.Folds.Count; k++)
            {
                var val = split.Folds[k].Val;
                if (val.Count == 0) continue;
                var models = Models(recipe, recipeDir, p, data, splitPath, k, $"train-fold{k}", steps);
                steps.Add(new RoundStep($"predict-fold{k}", Predict(recipe, models, data, p, p.FoldCandidates(k), val), models.Trainings, [p.FoldCandidates(k)]) { Heavy = true });
                candidateFiles.Add(p.FoldCandidates(k));
            }
        }
        else
        {
            var models = Models(recipe, recipeDir, p, data, null, null, "train-all", steps);
            steps.Add(new RoundStep("predict-all", Predict(recipe, models, data, p, p.FoldCandidates(null), null), models.Trainings,
                [p.FoldCandidates(null)]) { Heavy = true });
            candidateFiles.Add(p.FoldCandidates(null));
        }
        if (candidateFiles.Count == 0) throw new MotorPickException("the split has no validation tomograms: nothing to predict out of fold");
        var predicts = steps.Where(s => s.Name.StartsWith("predict-", StringComparison.Ordinal)).Select(s => s.Name).ToArray();
        steps.Add(new RoundStep("merge", new MergeCandidatesInvocation(candidateFiles, p.Candidates), predicts, [p.Candidates]));
        steps.Add(new RoundStep("mine", new ReviewMineInvocation(p.Gt, p.Candidates, recipe.Mine.Threshold, recipe.Mine.Match, p.Review), ["merge"],
            [new ReviewDirectory(p.Review).ReviewFile]));
        if (recipe.Render)
        {
            steps.Add(new RoundStep("render", new ReviewRenderInvocation(p.Review, data, p.EnsembleHeatmaps), ["mine"], [p.Rendered]));
            if (recipe.ExportCvat)
                steps.Add(new RoundStep("export-cvat", new ReviewExportCvatInvocation(p.Review, p.CvatTask, recipe.Name), ["render"], [p.CvatTask]));
        }
        return steps;
    }

    /// <summary>After the review: patch the labels, build the next gt table, refine the split (the v3 rule).</summary>
    public static IReadOnlyList<RoundStep> Apply(RoundRecipe recipe, string recipeDir, string decisions)
    {
        var p = PathsFor(recipe, recipeDir);
        var labels = Resolve(recipeDir, recipe.TrainLabels);
        var semantics = recipe.PatchSemantics == "external" ? PatchSemantics.External : PatchSemantics.Reference;
        var steps = new List<RoundStep>
        {
            new("patch", new LabelsPatchInvocation(labels, p.Review, decisions, recipe.Name, semantics, p.PatchedLabels(recipe.Name)), [], [p.PatchedLabels(recipe.Name)]),
            new("gt-next", new LabelsGtInvocation(p.PatchedLabels(recipe.Name), p.PatchedGt(recipe.Name)), ["patch"], [p.PatchedGt(recipe.Name)]),
        };
        if (recipe.Kind == "kfold")
        {
            var split = recipe.Split is null ? p.Split : Resolve(recipeDir, recipe.Split);
            steps.Add(new RoundStep("refine-split", new SplitRefineInvocation(split, p.PatchedGt(recipe.Name), recipe.MaxValMotors, p.RefinedSplit(recipe.Name)),
                ["gt-next"], [p.RefinedSplit(recipe.Name)]));
        }
        return steps;
    }

    /// <summary>The models one prediction uses, their weights (null: all 1), and the training steps they wait for.</summary>
    private sealed record ModelSet(IReadOnlyList<string> Paths, IReadOnlyList<double>? Weights, string[] Trainings);

    /// <summary>
    /// The models of fold <paramref name="fold"/> (null: the whole round), adding the training steps they need to
    /// <paramref name="steps"/>: the ensemble's members, else the given models, else one training of the recipe's <c>train</c>.
    /// </summary>
    private static ModelSet Models(RoundRecipe r, string recipeDir, RoundPaths p, string data, string? split, int? fold, string trainStep, List<RoundStep> steps)
    {
        if (r.Ensemble.Count > 0)
        {
            var paths = new List<string>();
            var trainings = new List<string>();
            foreach (var m in r.Ensemble)
            {
                if (m.Model is { } given)
                {
                    paths.Add(Resolve(recipeDir, given));
                    continue;
                }
                var name = $"{trainStep}-{m.Name}";
                steps.Add(new RoundStep(name, Train(r, m.Train!, recipeDir, p.Gt, data, p.MemberModelDir(fold, m.Name), split, fold), [],
                    [p.MemberModelCard(fold, m.Name)]) { Heavy = true });
                paths.Add(p.MemberModelCard(fold, m.Name));
                trainings.Add(name);
            }
            return new ModelSet(paths, r.Ensemble.Select(m => m.Weight).ToArray(), [.. trainings]);
        }
        if (fold is null && r.Models.Count > 0) return new ModelSet(r.Models.Select(m => Resolve(recipeDir, m)).ToArray(), null, []);
        steps.Add(new RoundStep(trainStep, Train(r, r.Train, recipeDir, p.Gt, data, p.ModelDir(fold), split, fold), [], [p.ModelCard(fold)]) { Heavy = true });
        return new ModelSet([p.ModelCard(fold)], null, [trainStep]);
    }

    private static TrainInvocation Train(RoundRecipe r, TrainStep t, string recipeDir, string gt, string data, string outDir, string? split, int? fold) =>
        new(gt, data, outDir)
        {
            Resume = true, Preset = t.Preset, Steps = t.Steps, Spacing = t.Spacing, Patch = t.Patch, Stride = t.Stride, Device = t.Device,
            Seed = r.Seed + (fold ?? 0), Split = fold is null ? null : split, Fold = split is null ? null : fold, Warmup = t.Warmup, BatchSize = t.BatchSize,
            GradAccum = t.GradAccum, Lr = t.Lr, MaxVal = t.MaxVal, Config = t.Config is { } c ? Resolve(recipeDir, c) : null,
        };

    private static PredictInvocation Predict(RoundRecipe r, ModelSet models, string data, RoundPaths p, string output, IReadOnlyList<string>? ids)
    {
        var q = r.Predict;
        return new PredictInvocation(models.Paths, data, output)
        {
            Weights = models.Weights, Labels = p.Gt, OnlyLabelled = true, Tta = q.Tta, Stride = q.Stride, Conf = q.Conf, NmsA = q.NmsA,
            MaxDets = q.MaxDets, Aggregate = q.Aggregate, Fp16Coords = q.Fp16Coords, SaveHeatmaps = p.Heatmaps, Device = r.Train.Device,
            BlurFraction = q.Blur, BlurSigma = q.BlurSigma, Ids = ids,
        };
    }

    private static string Resolve(string dir, string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(dir, path));
}
