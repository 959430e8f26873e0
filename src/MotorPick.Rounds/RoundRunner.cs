using System.Text.Json.Nodes;
using MotorPick.Curation.Review;
using MotorPick.Rounds.Execution;
using MotorPick.Rounds.Recipes;

namespace MotorPick.Rounds;

/// <summary>The result of running a round.</summary>
public sealed record RoundResult(RoundPaths Paths, IReadOnlyList<StepEvent> Events, ReviewSet? Review);

/// <summary>
/// Runs a round recipe: the preparation in this process (gt table and split decide the folds), then the plan through
/// the executor, then a manifest. Rerunning skips the steps whose outputs exist.
/// </summary>
public static class RoundRunner
{
    public static RoundResult Run(string recipePath, IStepExecutor executor, Func<string[], CancellationToken, int> runCommand,
        IProgress<StepEvent>? progress = null, CancellationToken ct = default)
    {
        var recipe = RoundRecipe.Load(recipePath);
        var dir = Path.GetDirectoryName(Path.GetFullPath(recipePath))!;
        var events = new List<StepEvent>();
        var both = new Tee(progress, events);
        new InProcessExecutor(runCommand).Run(RoundPlanner.Preparation(recipe, dir), both, ct);
        var plan = RoundPlanner.Plan(recipe, dir);
        executor.Run(plan, both, ct);
        var paths = RoundPlanner.PathsFor(recipe, dir);
        var review = File.Exists(ReviewFile.PathIn(paths.Review)) ? ReviewFile.Read(paths.Review) : null;
        var counts = new JsonObject();
        if (review is not null)
        {
            counts["TP"] = review.Counts.TP; counts["FP"] = review.Counts.FP; counts["FN"] = review.Counts.FN; counts["TN"] = review.Counts.TN;
            counts["items"] = review.Items.Count;
        }
        RoundManifest.Write(paths.Manifest, recipe.ToJson(), Inputs(recipe, dir), events, counts);
        return new RoundResult(paths, events, review);
    }

    /// <summary>Where the round of <paramref name="recipePath"/> puts its files.</summary>
    public static RoundPaths PathsOf(string recipePath) =>
        RoundPlanner.PathsFor(RoundRecipe.Load(recipePath), Path.GetDirectoryName(Path.GetFullPath(recipePath))!);

    public static RoundResult Apply(string recipePath, string decisionsPath, IStepExecutor executor, IProgress<StepEvent>? progress = null, CancellationToken ct = default)
    {
        var recipe = RoundRecipe.Load(recipePath);
        var dir = Path.GetDirectoryName(Path.GetFullPath(recipePath))!;
        var events = new List<StepEvent>();
        executor.Run(RoundPlanner.Apply(recipe, dir, Path.GetFullPath(decisionsPath)), new Tee(progress, events), ct);
        var paths = RoundPlanner.PathsFor(recipe, dir);
        var inputs = new Dictionary<string, string>(Inputs(recipe, dir)) { ["decisions"] = Path.GetFullPath(decisionsPath) };
        RoundManifest.Write(Path.Combine(paths.Root, "manifest-apply.json"), recipe.ToJson(), inputs, events, new JsonObject());
        return new RoundResult(paths, events, null);
    }

    private static Dictionary<string, string> Inputs(RoundRecipe recipe, string dir)
    {
        var d = new Dictionary<string, string> { ["train_labels"] = Path.GetFullPath(Path.Combine(dir, recipe.TrainLabels)) };
        if (recipe.Split is not null) d["split"] = Path.GetFullPath(Path.Combine(dir, recipe.Split));
        for (var i = 0; i < recipe.Models.Count; i++) d[$"model{i}"] = Path.GetFullPath(Path.Combine(dir, recipe.Models[i]));
        foreach (var m in recipe.Ensemble.Where(m => m.Model is not null)) d[$"ensemble.{m.Name}"] = Path.GetFullPath(Path.Combine(dir, m.Model!));
        return d;
    }

    /// <summary>Forwards step events to the caller's progress and records them for the manifest, synchronously.</summary>
    private sealed class Tee(IProgress<StepEvent>? inner, List<StepEvent> events) : IProgress<StepEvent>
    {
        public void Report(StepEvent value)
        {
            lock (events) events.Add(value);
            inner?.Report(value);
        }
    }
}
