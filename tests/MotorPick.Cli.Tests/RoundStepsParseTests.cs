using System.CommandLine;
using System.CommandLine.Parsing;
using MotorPick.Curation.Patching;
using MotorPick.Labels.Splits;
using MotorPick.Rounds.Demo;
using MotorPick.Rounds.Execution;
using MotorPick.Rounds.Invocations;
using MotorPick.Rounds.Recipes;
using MotorPick.Tests;
using Spectre.Console;

namespace MotorPick.Cli.Tests;

/// <summary>
/// Round and demo steps are typed commands built in MotorPick.Rounds, which cannot see the CLI: every step of every
/// shipped recipe and of the demo, and every option each command type can write, must parse with the real command tree.
/// </summary>
public class RoundStepsParseTests
{
    private static readonly RootCommand Root = CliApp.BuildRoot(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }));

    private static string Repo => Path.GetDirectoryName(Path.GetDirectoryName(Fixtures.Dir))!;

    /// <summary>The step's arguments parse without error to the command its typed description names.</summary>
    private static void AssertParses(IReadOnlyList<string> args, IReadOnlyList<string>? verb)
    {
        var result = Root.Parse([.. args]);
        Assert.True(result.Errors.Count == 0,
            $"motorpick {string.Join(' ', args)}\n" + string.Join('\n', result.Errors.Select(e => e.Message)));
        Assert.Empty(result.UnmatchedTokens);
        var path = new List<string>();
        for (SymbolResult? r = result.CommandResult; r is not null; r = r.Parent)
            if (r is CommandResult c && c.Command is not RootCommand) path.Insert(0, c.Command.Name);
        if (verb is not null) Assert.Equal(verb, path);
    }

    private static void AssertStepsParse(IEnumerable<RoundStep> steps)
    {
        foreach (var step in steps)
        {
            Assert.NotNull(step.Command); // built from a typed command, not from literals
            AssertParses(step.Args, step.Command!.Verb);
        }
    }

    /// <summary>A split with <paramref name="folds"/> folds over made-up ids where the round expects it.</summary>
    private static void WriteSplit(string path, int folds)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var ids = Enumerable.Range(0, folds).Select(i => $"tomo_{i:x6}").ToArray();
        CvSplitFile.Write(path, new CvSplit(CvSplit.SklearnStratifiedKFold, folds, 42,
            ids.Select(v => new CvFold(ids.Where(t => t != v).ToArray(), [v])).ToArray()));
    }

    private static IEnumerable<RoundStep> WholeRound(string recipePath)
    {
        var recipe = RoundRecipe.Load(recipePath);
        var dir = Path.GetDirectoryName(recipePath)!;
        var paths = RoundPlanner.PathsFor(recipe, dir);
        if (recipe.Kind == "kfold" && recipe.Split is null) WriteSplit(paths.Split, recipe.Folds);
        return RoundPlanner.Preparation(recipe, dir).Concat(RoundPlanner.Plan(recipe, dir))
            .Concat(RoundPlanner.Apply(recipe, dir, Path.Combine(paths.Review, "decisions.json")));
    }

    [Theory]
    [InlineData("round1")]
    [InlineData("round2")]
    [InlineData("external")]
    public void Every_step_of_a_shipped_recipe_parses_with_the_command_tree(string name)
    {
        using var tmp = Fixtures.TempDir();
        var recipe = tmp.File(name + ".json");
        File.Copy(Path.Combine(Repo, "docs", "rounds", name + ".json"), recipe);
        var steps = WholeRound(recipe).ToList();
        Assert.Contains(steps, s => s.Command is PredictInvocation);
        AssertStepsParse(steps);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_step_of_the_demo_parses_with_the_command_tree(bool quick)
    {
        using var tmp = Fixtures.TempDir();
        var o = new DemoOptions { Out = tmp.Path, Quick = quick };
        var files = new DemoPaths(tmp.Path);
        File.WriteAllText(files.Recipe, DemoPlan.Recipe(o).ToJson());
        File.WriteAllText(files.Round2Recipe, DemoPlan.Round2Recipe(o).ToJson());
        File.WriteAllText(files.ExternalRecipe, DemoPlan.ExternalRecipe(o).ToJson());
        var round1 = RoundPlanner.PathsFor(DemoPlan.Recipe(o), tmp.Path);
        var round2 = RoundPlanner.PathsFor(DemoPlan.Round2Recipe(o), tmp.Path);
        var external = RoundPlanner.PathsFor(DemoPlan.ExternalRecipe(o), tmp.Path);
        List<RoundStep> steps =
        [
            .. DemoPlan.Synthesis(o, files),
            .. WholeRound(files.Recipe),
            DemoPlan.Review(o, files, round1),
            .. WholeRound(files.Round2Recipe),
            DemoPlan.Review(o, files, round2),
            DemoPlan.Fetch(files, "http://127.0.0.1:5000/graphql"),
            DemoPlan.ConvertExternal(files),
            .. WholeRound(files.ExternalRecipe),
            DemoPlan.Review(o, files, external, files.ExternalTruth),
            .. DemoPlan.Combine(files, round1, round2, external),
            DemoPlan.Final(o, files),
            .. DemoPlan.HeldOut(o, files, round1),
        ];
        var schedule = DemoSchedule.Of(o);
        Assert.Equal(o.Folds, steps.Count(s => s.Name.StartsWith("train-fold", StringComparison.Ordinal)));
        // every training and prediction the printed plan counts is a step here
        Assert.Equal(schedule.Trainings, steps.Count(s => s.Command is TrainInvocation));
        Assert.Equal(schedule.Predictions, steps.Count(s => s.Command is PredictInvocation));
        Assert.Contains(steps, s => s.Command is PredictInvocation { Weights.Count: > 1 });
        Assert.Contains(steps, s => s.Command is LabelsPatchInvocation { Semantics: PatchSemantics.External });
        Assert.Contains(steps, s => s.Command is TrainInvocation { MoreData.Count: 1 });
        AssertStepsParse(steps);
    }

    /// <summary>Each typed command with every option it can write set (some twice: options that exclude each other).</summary>
    public static IReadOnlyList<IInvocation> Samples() =>
    [
        new LabelsGtInvocation("train_labels.csv", "gt.csv"),
        new LabelsGtInvocation("external_labels_v2.csv", "external_gt.csv") { Format = "short" },
        new LabelsConvertExternalInvocation("brendanartley_external_labels.csv", "external/meta", "external_labels_v1.csv"),
        new LabelsConcatInvocation(["gt_v3.csv", "external_gt.csv"], "all_gt_v3.csv"),
        new PortalFetchInvocation("http://127.0.0.1:5000/graphql", "external")
        {
            TmpDownloadDir = "external/raw", DownloadWorkers = 2, ProcessWorkers = 1, Threads = 1,
        },
        new LabelsPatchInvocation("train_labels.csv", "review", "review/decisions.json", "round1", PatchSemantics.External, "patched.csv"),
        new SplitInvocation("gt.csv", 5, 42, 1, "split.json"),
        new SplitRefineInvocation("split.json", "gt_v2.csv", 1, "split_v3.json"),
        new MergeCandidatesInvocation(["fold0.csv", "fold1.csv"], "candidates.csv"),
        new ReviewMineInvocation("gt.csv", "candidates.csv", 0.05, "top1", "review"),
        new ReviewRenderInvocation("review", "train", "heatmaps/ensemble"),
        new ReviewExportCvatInvocation("review", "task.zip", "round1"),
        new ReviewSimulateInvocation("review", "truth.csv", 0.02, 7),
        new SynthInvocation("data", "demo", 4, 1) { LabelDrop = 0.3, LabelJitterA = 50 },
        new TrainInvocation("gt.csv", "train", "run")
        {
            Resume = true, Preset = "tiny", Steps = 10, Spacing = 32, Patch = [32, 96, 96], Stride = 8, Device = "cpu", Seed = 3,
            Split = "split.json", Fold = 1, Warmup = 2, BatchSize = 1, GradAccum = 1, Lr = 2e-3, MaxVal = 1, Config = "train.json",
        },
        new TrainInvocation("gt.csv", "train", "run") { Preset = "x3d-m", MoreData = ["external/tomogram"] },
        new PredictInvocation(["a.onnx", "b/model.json"], "train", "out.csv")
        {
            Weights = [1, 0.75], Labels = "gt.csv", OnlyLabelled = true, Tta = ["ref5", "zxy_z"], Stride = 4, Conf = 0.03, NmsA = 1000.0 / 3,
            MaxDets = 8, Aggregate = "logits", Fp16Coords = "double", SaveHeatmaps = "heatmaps", Device = "cpu", BlurSigma = 6.25, Ids = ["t1", "t2"],
        },
        new PredictInvocation(["a.onnx"], "train", "out.csv") { BlurFraction = 0.1 },
    ];

    [Fact]
    public void Every_option_a_typed_command_can_write_parses_and_every_command_type_is_sampled()
    {
        var samples = Samples();
        var types = typeof(IInvocation).Assembly.GetTypes().Where(t => typeof(IInvocation).IsAssignableFrom(t) && !t.IsInterface && !t.IsAbstract);
        Assert.Empty(types.Except(samples.Select(s => s.GetType())).Select(t => t.Name));
        foreach (var s in samples) AssertParses(s.ToArgs(), s.Verb);
    }

    [Fact]
    public void A_misspelt_option_fails_the_check()
    {
        var ex = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertParses(["predict", "--model", "a.onnx", "--data", "d", "--out", "o.csv", "--blur-sigmaa", "6.25"], ["predict"]));
        Assert.Contains("--blur-sigmaa", ex.Message);
    }
}
