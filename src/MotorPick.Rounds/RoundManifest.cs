using System.Text.Json;
using System.Text.Json.Nodes;
using MotorPick.Core;
using MotorPick.Curation.Review;
using MotorPick.Rounds.Execution;

namespace MotorPick.Rounds;

/// <summary>
/// <c>manifest.json</c> of a round directory: the recipe, the inputs with their SHA-256, every command that ran (or was
/// skipped because its outputs were there) with its time, and the counts that came out.
/// </summary>
public static class RoundManifest
{
    public static void Write(string path, string recipeJson, IReadOnlyDictionary<string, string> inputs, IReadOnlyList<StepEvent> events, JsonObject counts)
    {
        var root = new JsonObject
        {
            ["motorpick_version"] = typeof(RoundManifest).Assembly.GetName().Version?.ToString(3),
            ["written"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["recipe"] = JsonNode.Parse(recipeJson),
            ["inputs"] = new JsonObject(inputs.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonObject
            {
                ["path"] = kv.Value,
                ["sha256"] = File.Exists(kv.Value) ? ReviewMiner.Sha256(kv.Value) : null,
            }))),
            ["steps"] = new JsonArray(events.Where(e => e.State is StepState.Succeeded or StepState.Skipped or StepState.Failed).Select(e => (JsonNode?)new JsonObject
            {
                ["name"] = e.Step.Name,
                ["state"] = e.State.ToString().ToLowerInvariant(),
                ["seconds"] = Math.Round(e.Elapsed.TotalSeconds, 2),
                ["command"] = e.Step.CommandLine,
                ["outputs"] = new JsonArray(e.Step.Outputs.Select(o => (JsonNode?)o).ToArray()),
            }).ToArray()),
            ["counts"] = counts,
        };
        AtomicFile.WriteAllText(path, root.ToJsonString(JsonText.Indented) + "\n");
    }
}
