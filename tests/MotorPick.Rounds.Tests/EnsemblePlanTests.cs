using MotorPick.Core;
using MotorPick.Labels.Splits;
using MotorPick.Rounds.Execution;
using MotorPick.Rounds.Invocations;
using MotorPick.Rounds.Recipes;
using MotorPick.Tests;

namespace MotorPick.Rounds.Tests;

public class EnsemblePlanTests
{
    private static readonly TrainStep Small = new() { Preset = "tiny", Steps = 10 };

    private static string Arg(RoundStep step, string option) => step.Args[step.Args.ToList().IndexOf(option) + 1];

    [Fact]
    public void An_all_round_trains_its_members_then_predicts_with_every_model_and_their_weights()
    {
        using var tmp = Fixtures.TempDir();
        var recipe = new RoundRecipe
        {
            Name = "round2", Kind = "all",
            Ensemble =
            [
                new EnsembleMember { Name = "big", Weight = 1.0, Train = Small with { Preset = "resnet101" } },
                new EnsembleMember { Name = "x3d", Weight = 0.75, Model = "round1/fold1/model/model.json" },
                new EnsembleMember { Name = "convnext", Weight = 0.75, Train = Small with { Preset = "convnext-tiny-2.5d" } },
            ],
            Predict = new PredictStep { Tta = ["ref5"], Stride = 4, BlurSigma = 6.25 },
        };
        var steps = RoundPlanner.Plan(recipe, tmp.Path);
        Assert.Equal(["train-all-big", "train-all-convnext", "predict-all", "merge", "mine", "render", "export-cvat"], steps.Select(s => s.Name));
        PlanOrder.Check(steps);
        var root = Path.Combine(tmp.Path, "round2");
        Assert.Equal(Path.Combine(root, "all", "big", "model"), Arg(steps[0], "--out"));
        Assert.Equal("resnet101", Arg(steps[0], "--preset"));
        Assert.Contains("--train-on-all", steps[0].Args);
        var predict = steps[2];
        Assert.Equal(["train-all-big", "train-all-convnext"], predict.DependsOn);
        var p = Assert.IsType<PredictInvocation>(predict.Command);
        Assert.Equal([Path.Combine(root, "all", "big", "model", "model.json"), Path.Combine(tmp.Path, "round1", "fold1", "model", "model.json"),
            Path.Combine(root, "all", "convnext", "model", "model.json")], p.Models);
        Assert.Equal("1,0.75,0.75", Arg(predict, "--weights"));
        Assert.Equal("ref5", Arg(predict, "--tta"));
        Assert.Equal("6.25", Arg(predict, "--blur-sigma"));
        Assert.DoesNotContain("--blur", predict.Args);
    }

    [Fact]
    public void A_kfold_round_trains_every_member_per_fold_and_predicts_each_fold_with_its_own()
    {
        using var tmp = Fixtures.TempDir();
        CvSplitFile.Write(tmp.File("split.json"), new CvSplit(CvSplit.SklearnStratifiedKFold, 2, 42,
            [new CvFold(["t2", "t3"], ["t0", "t1"]), new CvFold(["t0", "t1"], ["t2", "t3"])]));
        var recipe = new RoundRecipe
        {
            Split = "split.json",
            Ensemble = [new EnsembleMember { Name = "a", Train = Small }, new EnsembleMember { Name = "b", Train = Small, Weight = 0.5 }],
        };
        var steps = RoundPlanner.Plan(recipe, tmp.Path);
        Assert.Equal(["train-fold0-a", "train-fold0-b", "predict-fold0", "train-fold1-a", "train-fold1-b", "predict-fold1", "merge", "mine", "render", "export-cvat"],
            steps.Select(s => s.Name));
        Assert.Equal(["train-fold1-a", "train-fold1-b"], steps[5].DependsOn);
        Assert.Equal(["--split", Path.Combine(tmp.Path, "split.json"), "--fold", "1"], steps[3].Args.SkipWhile(a => a != "--split").Take(4));
        Assert.Equal(Path.Combine(tmp.Path, "round1", "fold1", "b", "model", "model.json"), ((PredictInvocation)steps[5].Command!).Models[1]);
        Assert.Equal("1,0.5", Arg(steps[5], "--weights"));
    }

    [Fact]
    public void Without_an_ensemble_the_plan_is_the_single_model_one()
    {
        using var tmp = Fixtures.TempDir();
        var steps = RoundPlanner.Plan(new RoundRecipe { Kind = "all", Models = ["a.onnx", "b.onnx"], Predict = new PredictStep { Blur = 0.1 } }, tmp.Path);
        var predict = steps[0];
        Assert.Equal("predict-all", predict.Name);
        Assert.Empty(predict.DependsOn);
        Assert.DoesNotContain("--weights", predict.Args);
        Assert.Equal("0.1", Arg(predict, "--blur"));
        Assert.Equal([tmp.File("a.onnx"), tmp.File("b.onnx")], ((PredictInvocation)predict.Command!).Models);
    }

    public static TheoryData<string, string> BadRecipes() => new()
    {
        { """{"kind": "all", "models": ["a.onnx"], "ensemble": [{"name": "b", "model": "b.onnx"}]}""", "models" },
        { """{"kind": "all", "ensemble": [{"name": "b", "model": "b.onnx", "train": {}}]}""", "ensemble[0]" },
        { """{"kind": "all", "ensemble": [{"name": "b"}]}""", "ensemble[0]" },
        { """{"kind": "all", "ensemble": [{"name": "b", "model": "b.onnx"}, {"name": "b", "model": "c.onnx"}]}""", "ensemble[1].name" },
        { """{"kind": "all", "ensemble": [{"name": "../b", "model": "b.onnx"}]}""", "ensemble[0].name" },
        { """{"kind": "all", "ensemble": [{"name": "b", "model": "b.onnx", "weight": 0}]}""", "ensemble[0].weight" },
        { """{"kind": "kfold", "ensemble": [{"name": "b", "model": "b.onnx"}]}""", "ensemble[0].model" },
        { """{"predict": {"tta": ["ref6"]}}""", "predict.tta" },
        { """{"predict": {"tta": []}}""", "predict.tta" },
        { """{"predict": {"blur": 0.1, "blur_sigma": 6.25}}""", "predict.blur_sigma" },
        { """{"predict": {"blur_sigma": -1}}""", "predict.blur_sigma" },
    };

    [Theory]
    [MemberData(nameof(BadRecipes))]
    public void A_recipe_breaking_a_rule_is_refused_at_load_naming_the_field(string json, string field)
    {
        using var tmp = Fixtures.TempDir();
        var path = tmp.File("round.json");
        File.WriteAllText(path, json);
        var ex = Assert.Throws<MotorPickException>(() => RoundRecipe.Load(path));
        Assert.Equal((path, field), (ex.Path, ex.Field));
        Assert.StartsWith($"{path}, field '{field}': ", ex.Message);
        Assert.DoesNotContain("field 'tta'", ex.Message);
    }
}
