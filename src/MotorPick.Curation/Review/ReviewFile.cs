using System.Text.Json;
using System.Text.Json.Nodes;
using MotorPick.Core;
using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Curation.Review;

/// <summary>Reads and writes <c>review.json</c> in a review directory.</summary>
public static class ReviewFile
{
    public const string FileName = ReviewDirectory.ReviewFileName;

    public static string PathIn(string reviewDir) => new ReviewDirectory(reviewDir).ReviewFile;

    /// <summary>Where the review image of <paramref name="item"/> lives (<see cref="ReviewDirectory.ImagePath"/>).</summary>
    public static string ImagePath(string reviewDir, ReviewItem item) => new ReviewDirectory(reviewDir).ImagePath(item);

    public static void Write(string reviewDir, ReviewSet set)
    {
        var root = new JsonObject
        {
            ["format_version"] = ReviewSet.FormatVersion,
            ["labels"] = new JsonObject { ["path"] = set.LabelsPath, ["sha256"] = set.LabelsSha256 },
            ["candidates"] = new JsonObject { ["path"] = set.CandidatesPath, ["sha256"] = set.CandidatesSha256 },
            ["threshold"] = set.Threshold,
            ["match"] = set.Match == MatchMode.Top1 ? "top1" : "all",
            ["radius_a"] = set.RadiusA,
            ["counts"] = new JsonObject { ["TP"] = set.Counts.TP, ["FP"] = set.Counts.FP, ["FN"] = set.Counts.FN, ["TN"] = set.Counts.TN },
            ["items"] = new JsonArray(set.Items.Select(ItemJson).ToArray<JsonNode?>()),
            ["matches"] = new JsonArray(set.Matches.Select(m => (JsonNode?)new JsonObject
            {
                ["tomo_id"] = m.TomoId, ["label_index"] = m.LabelIndex, ["label"] = Zyx(m.Label),
                ["candidate"] = Zyx(m.Candidate.Point), ["conf"] = m.Candidate.Conf, ["distance_voxels"] = m.DistanceVoxels,
            }).ToArray()),
        };
        AtomicFile.WriteAllText(PathIn(reviewDir), root.ToJsonString(JsonText.Indented) + "\n");
    }

    public static ReviewSet Read(string reviewDir)
    {
        var path = PathIn(reviewDir);
        if (!File.Exists(path)) throw new MotorPickException($"no {FileName} here; run 'motorpick review mine' first", path);
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new MotorPickException("expected a JSON object", path);
            var version = root["format_version"]?.GetValue<int>() ?? 0;
            if (version != ReviewSet.FormatVersion) throw new MotorPickException($"format_version {version} is not supported (expected {ReviewSet.FormatVersion})", path, field: "format_version");
            var counts = root["counts"]!.AsObject();
            return new ReviewSet(
                root["labels"]!["path"]!.GetValue<string>(), root["labels"]!["sha256"]!.GetValue<string>(),
                root["candidates"]!["path"]!.GetValue<string>(), root["candidates"]!["sha256"]!.GetValue<string>(),
                root["threshold"]!.GetValue<double>(),
                root["match"]!.GetValue<string>() == "all" ? MatchMode.All : MatchMode.Top1,
                root["radius_a"]!.GetValue<double>(),
                new JudgeCounts(counts["TP"]!.GetValue<int>(), counts["FP"]!.GetValue<int>(), counts["FN"]!.GetValue<int>(), counts["TN"]!.GetValue<int>()),
                root["items"]!.AsArray().Select((n, i) => ParseItem(n!.AsObject(), path, i)).ToArray(),
                root["matches"]!.AsArray().Select((n, i) =>
                {
                    var o = n!.AsObject();
                    return new ReviewMatch(Identifiers.Check(o["tomo_id"]!.GetValue<string>(), path, field: $"matches[{i}].tomo_id", what: "tomo_id"), o["label_index"]!.GetValue<int>(), Point(o["label"]!),
                        new ReviewCandidate(Point(o["candidate"]!), o["conf"]!.GetValue<double>()), o["distance_voxels"]!.GetValue<double>());
                }).ToArray());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new MotorPickException($"not a valid {FileName}: {ex.Message}", path, inner: ex);
        }
    }

    private static JsonObject ItemJson(ReviewItem i) => new()
    {
        ["index"] = i.Index,
        ["judge"] = i.Judge.ToString(),
        ["tomo_id"] = i.TomoId,
        ["shape"] = new JsonArray(i.Shape.Z, i.Shape.Y, i.Shape.X),
        ["voxel_spacing"] = i.VoxelSpacing,
        ["labels"] = new JsonArray(i.Labels.Select(p => (JsonNode?)Zyx(p)).ToArray()),
        ["candidates"] = new JsonArray(i.Candidates.Select(c => (JsonNode?)new JsonObject { ["zyx"] = Zyx(c.Point), ["conf"] = c.Conf }).ToArray()),
        ["image"] = i.ImageName,
    };

    /// <summary>One item; its tomo_id and image name become file names, so they are checked here, where they enter.</summary>
    private static ReviewItem ParseItem(JsonObject o, string path, int i)
    {
        var shape = o["shape"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray();
        return new ReviewItem(
            o["index"]!.GetValue<int>(),
            Enum.Parse<Judgement>(o["judge"]!.GetValue<string>()),
            Identifiers.Check(o["tomo_id"]!.GetValue<string>(), path, field: $"items[{i}].tomo_id", what: "tomo_id"),
            new TomoShape(shape[0], shape[1], shape[2]),
            o["voxel_spacing"]!.GetValue<double>(),
            o["labels"]!.AsArray().Select(n => Point(n!)).ToArray(),
            o["candidates"]!.AsArray().Select(n => new ReviewCandidate(Point(n!["zyx"]!), n!["conf"]!.GetValue<double>())).ToArray(),
            Identifiers.CheckRelativePath(o["image"]!.GetValue<string>(), path, $"items[{i}].image", "review image name"));
    }

    private static JsonArray Zyx(Point3 p) => new(p.Z, p.Y, p.X);

    private static Point3 Point(JsonNode n)
    {
        var a = n.AsArray();
        return new Point3(a[0]!.GetValue<double>(), a[1]!.GetValue<double>(), a[2]!.GetValue<double>());
    }
}
