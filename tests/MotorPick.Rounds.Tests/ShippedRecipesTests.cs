using System.Reflection;
using System.Text.RegularExpressions;
using MotorPick.Curation.Patching;
using MotorPick.Inference.Pipeline;
using MotorPick.Rounds.Recipes;
using MotorPick.Tests;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Rounds.Tests;

/// <summary>The recipes embedded in MotorPick.Rounds (the demo derives its rounds from them) are docs/rounds's files.</summary>
public class ShippedRecipesTests
{
    [Theory]
    [InlineData("round1")]
    [InlineData("round2")]
    [InlineData("external")]
    public void The_embedded_recipe_is_the_documented_one(string name)
    {
        var repo = Path.GetDirectoryName(Path.GetDirectoryName(Fixtures.Dir))!;
        Assert.Equal(RoundRecipe.Load(Path.Combine(repo, "docs", "rounds", name + ".json")).ToJson(), ShippedRecipes.Load(name).ToJson());
    }

    [Fact]
    public void An_unknown_name_is_refused_with_the_known_ones()
    {
        var ex = Assert.Throws<MotorPick.Core.MotorPickException>(() => ShippedRecipes.Load("round3"));
        Assert.Contains("round1, round2, external", ex.Message);
    }
}
