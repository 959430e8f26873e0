using MotorPick.Core;

namespace MotorPick.Rounds.Recipes;

/// <summary>The reference's recipes of docs/rounds (round1, round2, external), embedded in this library.</summary>
public static class ShippedRecipes
{
    public static IReadOnlyList<string> Names { get; } = ["round1", "round2", "external"];

    public static RoundRecipe Load(string name)
    {
        using var stream = typeof(ShippedRecipes).Assembly.GetManifestResourceStream($"rounds/{name}.json")
            ?? throw new MotorPickException($"no shipped recipe named '{name}' (known: {string.Join(", ", Names)})", field: "recipe");
        using var reader = new StreamReader(stream);
        return RoundRecipe.Parse(reader.ReadToEnd(), $"docs/rounds/{name}.json");
    }
}
