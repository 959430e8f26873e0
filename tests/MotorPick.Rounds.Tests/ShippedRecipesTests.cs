using System.Reflection;
using System.Text.RegularExpressions;
using MotorPick.Curation.Patching;
using MotorPick.Inference.Pipeline;
using MotorPick.Rounds.Recipes;
using MotorPick.Tests;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Rounds.Tests;

/// <summary>docs/rounds.md documents every recipe key, and the recipes in docs/rounds carry the reference's parameters.</summary>
public partial class ShippedRecipesTests
{
    private static string Repo => Path.GetDirectoryName(Path.GetDirectoryName(Fixtures.Dir))!;

    private static RoundRecipe Shipped(string name) => RoundRecipe.Load(Path.Combine(Repo, "docs", "rounds", name + ".json"));

    /// <summary>Every key a recipe can hold, dotted (<c>predict.blur_sigma</c>, <c>ensemble[].weight</c>); a block type is expanded where it first appears.</summary>
    public static IReadOnlyList<string> RecipeKeys()
    {
        var keys = new List<string>();
        var seen = new HashSet<Type> { typeof(RoundRecipe) };
        var queue = new Queue<(string Prefix, Type Type)>([("", typeof(RoundRecipe))]);
        while (queue.Count > 0)
        {
            var (prefix, type) = queue.Dequeue();
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var key = prefix + RoundRecipe.Json.PropertyNamingPolicy!.ConvertName(p.Name);
                keys.Add(key);
                var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
                var list = t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>);
                var element = list ? t.GetGenericArguments()[0] : t;
                if (element.Namespace == typeof(RoundRecipe).Namespace && seen.Add(element))
                    queue.Enqueue((key + (list ? "[]." : "."), element));
            }
        }
        return keys;
    }

    [GeneratedRegex(@"^\| `([a-z0-9_\[\].]+)` \|", RegexOptions.Multiline)]
    private static partial Regex KeyRow();

    [Fact]
    public void Docs_rounds_md_documents_every_key_of_a_recipe_and_no_other()
    {
        var doc = File.ReadAllText(Path.Combine(Repo, "docs", "rounds.md"));
        var documented = KeyRow().Matches(doc).Select(m => m.Groups[1].Value).ToList();
        var keys = RecipeKeys();
        Assert.Contains("predict.blur_sigma", keys);
        Assert.Contains("ensemble[].weight", keys);
        Assert.Empty(keys.Except(documented));
        Assert.Empty(documented.Except(keys));
        Assert.Equal(documented.Count, documented.Distinct().Count());
    }

    [Fact]
    public void The_shipped_recipes_load_and_validate()
    {
        var files = Directory.GetFiles(Path.Combine(Repo, "docs", "rounds"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order().ToArray();
        Assert.Equal(["external", "round1", "round2"], files);
        foreach (var name in files) Assert.Equal(name, Shipped(name).Name);
    }

    [Fact]
    public void Round1_is_the_reference_k_fold_round_with_all_sixteen_ttas_in_probabilities()
    {
        var r = Shipped("round1");
        Assert.Equal(("kfold", 5, 42, 1, "x3d-m"), (r.Kind, r.Folds, r.Seed, r.MaxValMotors, r.Train.Preset));
        Assert.Equal(TtaCode.AllCodes, TtaCode.ParseList(string.Join(',', r.Predict.Tta)).Select(t => t.Code));
        Assert.Equal((8, 0.05, 1000.0 / 3, 4, "probs", "double"), (r.Predict.Stride, r.Predict.Conf, r.Predict.NmsA, r.Predict.MaxDets, r.Predict.Aggregate, r.Predict.Fp16Coords));
        Assert.Null(r.Predict.BlurSigma ?? r.Predict.Blur);
        Assert.Equal((0.05, "top1", "reference"), (r.Mine.Threshold, r.Mine.Match, r.PatchSemantics));
    }

    [Theory]
    [InlineData("round2", 0.03, 8, "reference")]
    [InlineData("external", 0.05, 4, "external")]
    public void Round2_and_external_are_the_weighted_three_model_ensemble_with_five_ttas_and_the_blur(string name, double conf, int maxDets, string semantics)
    {
        var r = Shipped(name);
        Assert.Equal("all", r.Kind);
        Assert.Equal([1.0, 0.75, 0.75], r.Ensemble.Select(m => m.Weight));
        Assert.Equal(["zyx", "zxy", "zyx_x", "zyx_y", "zyx_z"], TtaCode.ParseList(string.Join(',', r.Predict.Tta)).Select(t => t.Code));
        Assert.Equal((4, conf, 1000.0 / 3, maxDets, "logits"), (r.Predict.Stride, r.Predict.Conf, r.Predict.NmsA, r.Predict.MaxDets, r.Predict.Aggregate));
        // sigma = 1000/16/4 * 0.1 heatmap voxels at 16 Å and stride 4, as the reference computed it
        var options = new PredictOptions { BlurSigmaVoxels = r.Predict.BlurSigma, HeatmapStride = r.Predict.Stride, NmsA = r.Predict.NmsA };
        Assert.Equal(1000.0 / 16 / 4 * 0.1, options.BlurSigma(16));
        Assert.Equal((conf, "top1", semantics), (r.Mine.Threshold, r.Mine.Match, r.PatchSemantics));
        Assert.Equal("round1/fold1/model/model.json", r.Ensemble[1].Model);
    }

    [Fact]
    public void Round2_trains_the_resnet101_and_convnext_members_and_external_predicts_with_them()
    {
        var r2 = Shipped("round2");
        Assert.Equal(["resnet101", "convnext-tiny-2.5d"], r2.Ensemble.Where(m => m.Train is not null).Select(m => m.Train!.Preset));
        var external = Shipped("external");
        Assert.All(external.Ensemble, m => Assert.Null(m.Train));
        Assert.Equal(["round2/all/resnet101/model/model.json", "round1/fold1/model/model.json", "round2/all/convnext/model/model.json"],
            external.Ensemble.Select(m => m.Model));
        // ... which are where round 2 and round 1 put them, run from the same folder
        var dir = Path.Combine(Repo, "docs", "rounds");
        var round2 = RoundPlanner.PathsFor(r2, dir);
        Assert.Equal([round2.MemberModelCard(null, "resnet101"), RoundPlanner.PathsFor(Shipped("round1"), dir).ModelCard(1), round2.MemberModelCard(null, "convnext")],
            external.Ensemble.Select(m => Path.GetFullPath(Path.Combine(dir, m.Model!))));
        Assert.Equal(RoundPlanner.PathsFor(Shipped("round1"), dir).PatchedLabels("round1"), Path.GetFullPath(Path.Combine(dir, r2.TrainLabels)));
        Assert.Equal(nameof(PatchSemantics.External).ToLowerInvariant(), external.PatchSemantics);
    }
}
