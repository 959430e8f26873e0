using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotorPick.Core;

namespace MotorPick.Curation.Review;

/// <summary>Reads and writes <c>decisions.json</c>, the one format every review path (CVAT, the web page, the simulated reviewer) produces.</summary>
public static class DecisionFile
{
    public const string FileName = ReviewDirectory.DecisionsFileName;

    public static string PathIn(string reviewDir) => new ReviewDirectory(reviewDir).DecisionsFile;

    public static void Write(string path, DecisionSet set)
    {
        var root = new JsonObject
        {
            ["format_version"] = DecisionSet.FormatVersion,
            ["source"] = set.Source,
            ["decisions"] = new JsonArray(set.Decisions.Select(d =>
            {
                var o = new JsonObject
                {
                    ["item"] = d.ItemIndex, ["tomo_id"] = d.TomoId, ["judge"] = d.Judge.ToString(),
                    ["tags"] = new JsonArray(d.Tags.Select(t => (JsonNode?)t).ToArray()),
                    ["keep_labels"] = d.KeepLabels,
                    ["accepted_candidates"] = new JsonArray(d.AcceptedCandidates.Select(t => (JsonNode?)t).ToArray()),
                };
                if (d.Reviewer is not null) o["reviewer"] = d.Reviewer;
                if (d.Time is not null) o["time"] = d.Time.Value.ToString("O", CultureInfo.InvariantCulture);
                return (JsonNode?)o;
            }).ToArray()),
            ["problems"] = new JsonArray(set.Problems.Select(p => (JsonNode?)new JsonObject { ["image"] = p.Image, ["message"] = p.Message }).ToArray()),
        };
        AtomicFile.WriteAllText(path, root.ToJsonString(JsonText.Indented) + "\n");
    }

    public static DecisionSet Read(string path)
    {
        if (!File.Exists(path)) throw new MotorPickException("file not found", path);
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var version = root["format_version"]?.GetValue<int>() ?? 0;
            if (version != DecisionSet.FormatVersion) throw new MotorPickException($"format_version {version} is not supported (expected {DecisionSet.FormatVersion})", path, field: "format_version");
            var decisions = root["decisions"]!.AsArray().Select(n =>
            {
                var o = n!.AsObject();
                var time = o["time"]?.GetValue<string>();
                return new ReviewDecision(o["item"]!.GetValue<int>(), o["tomo_id"]!.GetValue<string>(), Enum.Parse<Judgement>(o["judge"]!.GetValue<string>()),
                    o["tags"]!.AsArray().Select(t => t!.GetValue<int>()).ToArray(), o["reviewer"]?.GetValue<string>(),
                    time is null ? null : DateTimeOffset.Parse(time, CultureInfo.InvariantCulture));
            }).ToArray();
            var problems = root["problems"]?.AsArray().Select(n => new DecisionProblem(n!["image"]!.GetValue<string>(), n["message"]!.GetValue<string>())).ToArray() ?? [];
            return new DecisionSet(root["source"]?.GetValue<string>() ?? "unknown", decisions, problems);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        {
            throw new MotorPickException($"not a valid {FileName}: {ex.Message}", path, inner: ex);
        }
    }
}
