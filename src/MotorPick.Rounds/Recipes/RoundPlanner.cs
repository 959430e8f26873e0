using System.Globalization;
using MotorPick.Core;
using MotorPick.Curation.Review;
using MotorPick.Labels.Splits;
using MotorPick.Rounds.Execution;

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
    public string ModelDir(int? fold) => Path.Combine(Root, fold is { } k ? $"fold{k}" : "all", "model");
    public string ModelCard(int? fold) => Path.Combine(ModelDir(fold), "model.json");
    public string FoldCandidates(int? fold) => Path.Combine(Root, fold is { } k ? $"fold{k}" : "all", "candidates.csv");
    public string PatchedLabels(string round) => Path.Combine(Root, $"train_labels_{round}.csv");
    public string PatchedGt(string round) => Path.Combine(Root, $"gt_{round}.csv");
    public string RefinedSplit(string round) => Path.Combine(Root, $"split_{round}.json");
}

/// <summary>
/// Turns a recipe into command lines: the cheap preparation (gt table, split) and the heavy plan (train, predict,
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
        var steps = new List<RoundStep> { new("gt", ["labels", "gt", "--labels", labels, "--out", p.Gt], [], [p.Gt]) };
        if (recipe.Kind == "kfold" && recipe.Split is null)
            steps.Add(new RoundStep("split", ["split", "--labels", p.Gt, "--folds", Inv(recipe.Folds), "--seed", Inv(recipe.Seed),
                "--max-val-motors", Inv(recipe.MaxValMotors), "--out", p.Split], ["gt"], [p.Split]));
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
                steps.Add(new RoundStep($"train-fold{k}", TrainArgs(recipe, recipeDir, p, data, splitPath, k), [], [p.ModelCard(k)]) { Heavy = true });
                steps.Add(new RoundStep($"predict-fold{k}", PredictArgs(recipe, [p.ModelCard(k)], data, p, p.FoldCandidates(k), val), [$"train-fold{k}"], [p.FoldCandidates(k)]) { Heavy = true });
                candidateFiles.Add(p.FoldCandidates(k));
            }
        }
        else
        {
            var models = recipe.Models.Select(m => Resolve(recipeDir, m)).ToList();
            if (models.Count == 0)
            {
                steps.Add(new RoundStep("train-all", TrainArgs(recipe, recipeDir, p, data, null, null), [], [p.ModelCard(null)]) { Heavy = true });
                models.Add(p.ModelCard(null));
            }
            steps.Add(new RoundStep("predict-all", PredictArgs(recipe, models, data, p, p.FoldCandidates(null), null),
                steps.Select(s => s.Name).ToArray(), [p.FoldCandidates(null)]) { Heavy = true });
            candidateFiles.Add(p.FoldCandidates(null));
        }
        if (candidateFiles.Count == 0) throw new MotorPickException("the split has no validation tomograms: nothing to predict out of fold");
        var predicts = steps.Where(s => s.Name.StartsWith("predict-", StringComparison.Ordinal)).Select(s => s.Name).ToArray();
        steps.Add(new RoundStep("merge", ["merge", "candidates", .. candidateFiles, "--out", p.Candidates], predicts, [p.Candidates]));
        steps.Add(new RoundStep("mine", ["review", "mine", "--labels", p.Gt, "--candidates", p.Candidates,
            "--threshold", Inv(recipe.Mine.Threshold), "--match", recipe.Mine.Match, "--out", p.Review], ["merge"], [new ReviewDirectory(p.Review).ReviewFile]));
        if (recipe.Render)
        {
            steps.Add(new RoundStep("render", ["review", "render", "--review", p.Review, "--data", data, "--heatmaps", p.EnsembleHeatmaps], ["mine"],
                [p.Rendered]));
            if (recipe.ExportCvat)
                steps.Add(new RoundStep("export-cvat", ["review", "export-cvat", "--review", p.Review, "--out", p.CvatTask, "--name", recipe.Name], ["render"], [p.CvatTask]));
        }
        return steps;
    }

    /// <summary>After the review: patch the labels, build the next gt table, refine the split (the v3 rule).</summary>
    public static IReadOnlyList<RoundStep> Apply(RoundRecipe recipe, string recipeDir, string decisions)
    {
        var p = PathsFor(recipe, recipeDir);
        var labels = Resolve(recipeDir, recipe.TrainLabels);
        var steps = new List<RoundStep>
        {
            new("patch", ["labels", "patch", "--labels", labels, "--review", p.Review, "--decisions", decisions, "--round", recipe.Name,
                "--semantics", recipe.PatchSemantics == "external" ? "External" : "Reference", "--out", p.PatchedLabels(recipe.Name)], [], [p.PatchedLabels(recipe.Name)]),
            new("gt-next", ["labels", "gt", "--labels", p.PatchedLabels(recipe.Name), "--out", p.PatchedGt(recipe.Name)], ["patch"], [p.PatchedGt(recipe.Name)]),
        };
        if (recipe.Kind == "kfold")
        {
            var split = recipe.Split is null ? p.Split : Resolve(recipeDir, recipe.Split);
            steps.Add(new RoundStep("refine-split", ["split", "refine", "--split", split, "--labels", p.PatchedGt(recipe.Name),
                "--max-val-motors", Inv(recipe.MaxValMotors), "--out", p.RefinedSplit(recipe.Name)], ["gt-next"], [p.RefinedSplit(recipe.Name)]));
        }
        return steps;
    }

    private static string[] TrainArgs(RoundRecipe r, string recipeDir, RoundPaths p, string data, string? split, int? fold)
    {
        var t = r.Train;
        var args = new List<string> { "train", "--labels", p.Gt, "--data", data, "--out", p.ModelDir(fold), "--resume",
            "--preset", t.Preset, "--steps", Inv(t.Steps), "--spacing", Inv(t.Spacing), "--patch", string.Join(',', t.Patch.Select(Inv)),
            "--stride", Inv(t.Stride), "--device", t.Device, "--seed", Inv(r.Seed + (fold ?? 0)) };
        if (split is not null && fold is not null) args.AddRange(["--split", split, "--fold", Inv(fold.Value)]);
        else args.Add("--train-on-all");
        if (t.Warmup is { } w) args.AddRange(["--warmup", Inv(w)]);
        if (t.BatchSize is { } b) args.AddRange(["--batch-size", Inv(b)]);
        if (t.GradAccum is { } g) args.AddRange(["--grad-accum", Inv(g)]);
        if (t.Lr is { } lr) args.AddRange(["--lr", Inv(lr)]);
        if (t.MaxVal is { } mv) args.AddRange(["--max-val", Inv(mv)]);
        if (t.Config is { } c) args.AddRange(["--config", Resolve(recipeDir, c)]);
        return [.. args];
    }

    private static string[] PredictArgs(RoundRecipe r, IReadOnlyList<string> models, string data, RoundPaths p, string output, IReadOnlyList<string>? ids)
    {
        var q = r.Predict;
        var args = new List<string> { "predict" };
        foreach (var m in models) args.AddRange(["--model", m]);
        args.AddRange(["--data", data, "--labels", p.Gt, "--only-labelled", "--tta", string.Join(',', q.Tta), "--stride", Inv(q.Stride),
            "--conf", Inv(q.Conf), "--nms-a", Inv(q.NmsA), "--max-dets", Inv(q.MaxDets), "--aggregate", q.Aggregate,
            "--fp16-coords", q.Fp16Coords, "--save-heatmaps", p.Heatmaps, "--device", r.Train.Device, "--out", output]);
        if (q.Blur is { } b) args.AddRange(["--blur", Inv(b)]);
        if (ids is not null) args.AddRange(["--ids", string.Join(',', ids)]);
        return [.. args];
    }

    private static string Resolve(string dir, string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(dir, path));

    private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Inv(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
