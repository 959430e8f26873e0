using MotorPick.Core;
using MotorPick.Labels.Splits;
using MotorPick.Rounds.Execution;
using MotorPick.Rounds.Recipes;
using MotorPick.Tests;

namespace MotorPick.Rounds.Tests;

public class RoundPlannerTests
{
    private static (string Dir, RoundRecipe Recipe) KFold(TempDir tmp)
    {
        var recipe = new RoundRecipe { Name = "round1", Kind = "kfold", TrainLabels = "labels.csv", Data = "train", Folds = 2, Split = "split.json" };
        CvSplitFile.Write(tmp.File("split.json"), new CvSplit(CvSplit.SklearnStratifiedKFold, 2, 42,
            [new CvFold(["t2", "t3"], ["t0", "t1"]), new CvFold(["t0", "t1"], ["t2", "t3"])]));
        return (tmp.Path, recipe);
    }

    [Fact]
    public void Kfold_round_trains_and_predicts_each_fold_out_of_fold_then_mines()
    {
        using var tmp = Fixtures.TempDir();
        var (dir, recipe) = KFold(tmp);
        var steps = RoundPlanner.Plan(recipe, dir);
        Assert.Equal(["train-fold0", "predict-fold0", "train-fold1", "predict-fold1", "merge", "mine", "render", "export-cvat"], steps.Select(s => s.Name));
        PlanOrder.Check(steps);
        var predict0 = steps.Single(s => s.Name == "predict-fold0");
        Assert.Equal(["train-fold0"], predict0.DependsOn);
        var ids = predict0.Args[predict0.Args.ToList().IndexOf("--ids") + 1];
        Assert.Equal("t0,t1", ids);
        Assert.Contains("--resume", steps[0].Args);
        Assert.Equal(["predict-fold0", "predict-fold1"], steps.Single(s => s.Name == "merge").DependsOn);
    }

    [Fact]
    public void Preparation_makes_the_gt_table_and_a_split_when_the_recipe_has_none()
    {
        using var tmp = Fixtures.TempDir();
        var steps = RoundPlanner.Preparation(new RoundRecipe { Folds = 3, Seed = 7 }, tmp.Path);
        Assert.Equal(["gt", "split"], steps.Select(s => s.Name));
        Assert.Equal(["split", "--labels", Path.Combine(tmp.Path, "round1", "gt.csv"), "--folds", "3", "--seed", "7", "--max-val-motors", "1",
            "--out", Path.Combine(tmp.Path, "round1", "split.json")], steps[1].Args);
    }

    [Fact]
    public void Apply_patches_builds_the_next_gt_and_refines_the_split()
    {
        using var tmp = Fixtures.TempDir();
        var (dir, recipe) = KFold(tmp);
        var steps = RoundPlanner.Apply(recipe, dir, tmp.File("decisions.json"));
        Assert.Equal(["patch", "gt-next", "refine-split"], steps.Select(s => s.Name));
        Assert.Contains("round1", steps[0].Args);
        Assert.Equal("Reference", steps[0].Args[steps[0].Args.ToList().IndexOf("--semantics") + 1]);
        var external = RoundPlanner.Apply(recipe with { PatchSemantics = "external" }, dir, tmp.File("decisions.json"));
        Assert.Equal("External", external[0].Args[external[0].Args.ToList().IndexOf("--semantics") + 1]);
    }

    [Fact]
    public void The_executor_skips_steps_whose_outputs_exist_and_stops_on_a_failure()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("done.txt"), "x");
        var ran = new List<string>();
        var exec = new InProcessExecutor((args, _) => { ran.Add(args[0]); return args[0] == "fail" ? 3 : 0; });
        RoundStep[] plan =
        [
            new("a", ["first"], [], [tmp.File("done.txt")]),
            new("b", ["second"], ["a"], [tmp.File("missing.txt")]),
            new("c", ["fail"], ["b"], []),
            new("d", ["never"], ["c"], []),
        ];
        var ex = Assert.Throws<MotorPickException>(() => exec.Run(plan, null, CancellationToken.None));
        Assert.Equal(["second", "fail"], ran);
        Assert.Contains("step 'c' failed with exit code 3", ex.Message);
    }

    [Fact]
    public void A_plan_out_of_dependency_order_is_refused()
    {
        RoundStep[] plan = [new("b", ["x"], ["a"], []), new("a", ["y"], [], [])];
        Assert.Throws<MotorPickException>(() => PlanOrder.Check(plan));
    }

    [Fact]
    public void Recipes_round_trip_and_bad_ones_name_the_field()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("r.json"), new RoundRecipe { Name = "r2", Kind = "all" }.ToJson());
        Assert.Equal("all", RoundRecipe.Load(tmp.File("r.json")).Kind);
        File.WriteAllText(tmp.File("bad.json"), "{\"kind\": \"weekly\"}");
        var ex = Assert.Throws<MotorPickException>(() => RoundRecipe.Load(tmp.File("bad.json")));
        Assert.Equal("kind", ex.Field);
        File.WriteAllText(tmp.File("typo.json"), "{\"fols\": 3}");
        Assert.Contains("fols", Assert.Throws<MotorPickException>(() => RoundRecipe.Load(tmp.File("typo.json"))).Message);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../elsewhere")]
    [InlineData("-rf")]
    public void A_recipe_name_that_would_put_the_round_outside_its_folder_is_refused(string name)
    {
        using var tmp = Fixtures.TempDir();
        var path = tmp.File("round.json");
        File.WriteAllText(path, new RoundRecipe { Name = name, Kind = "all", TrainLabels = "labels.csv", Data = "train" }.ToJson());
        var ex = Assert.Throws<MotorPickException>(() => RoundRecipe.Load(path));
        Assert.Equal((path, "name"), (ex.Path, ex.Field));
        Assert.Contains("is not a valid identifier", ex.Message);
    }
}
