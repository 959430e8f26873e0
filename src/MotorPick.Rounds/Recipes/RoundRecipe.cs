using System.Text.Json;
using System.Text.Json.Serialization;
using MotorPick.Core;

namespace MotorPick.Rounds.Recipes;

/// <summary>
/// A pseudo-labelling round as a file (<c>round.json</c>). Paths are relative to the recipe's folder.
/// <list type="bullet">
/// <item><c>kfold</c> (the reference's round 1): train one model per fold, predict each fold's val tomograms out of fold.</item>
/// <item><c>all</c> (round 2 and external): train on all labelled tomograms (or use given models) and predict every tomogram.</item>
/// </list>
/// </summary>
public sealed record RoundRecipe
{
    public string Name { get; init; } = "round1";
    public string Kind { get; init; } = "kfold";

    /// <summary>Per-motor labels the round patches (train_labels.csv layout).</summary>
    public string TrainLabels { get; init; } = "train_labels.csv";

    /// <summary>Folder of JPEG stacks (<c>&lt;data&gt;/&lt;tomo_id&gt;/slice_%04d.jpg</c>).</summary>
    public string Data { get; init; } = "train";

    /// <summary>Existing split JSON; when absent a stratified split with <see cref="Folds"/> folds is made.</summary>
    public string? Split { get; init; }
    public int Folds { get; init; } = 5;
    public int Seed { get; init; } = 42;
    public int MaxValMotors { get; init; } = 1;

    /// <summary>Models to predict with instead of training (kind "all"); else a model is trained.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    public TrainStep Train { get; init; } = new();
    public PredictStep Predict { get; init; } = new();
    public MineStep Mine { get; init; } = new();

    /// <summary>How decisions patch the labels: "reference" (round 1, 6.2) or "external" (6.5: confirmed labels replaced by their predictions).</summary>
    public string PatchSemantics { get; init; } = "reference";

    /// <summary>Render review images and pack a CVAT task.</summary>
    public bool Render { get; init; } = true;
    public bool ExportCvat { get; init; } = true;

    /// <summary>The round's directory (default: the recipe's folder / the round name).</summary>
    public string? Out { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static RoundRecipe Load(string path)
    {
        if (!File.Exists(path)) throw new MotorPickException("file not found", path);
        try
        {
            var r = JsonSerializer.Deserialize<RoundRecipe>(File.ReadAllText(path), Json) ?? throw new MotorPickException("empty recipe", path);
            r.Validate(path);
            return r;
        }
        catch (JsonException ex)
        {
            throw new MotorPickException($"not a valid round recipe: {ex.Message}", path, (ex.LineNumber ?? 0) + 1, ex.Path, ex);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public void Validate(string? path = null)
    {
        if (Kind is not ("kfold" or "all")) throw new MotorPickException($"kind must be 'kfold' or 'all', found '{Kind}'", path, field: "kind");
        // The name becomes the output folder (and the round tag in file names): one identifier rule for all such names.
        Identifiers.Check(Name, path, field: "name");
        if (Kind == "kfold" && Split is null && Folds < 2) throw new MotorPickException($"folds must be at least 2, found {Folds}", path, field: "folds");
        if (PatchSemantics is not ("reference" or "external"))
            throw new MotorPickException($"patch_semantics must be 'reference' or 'external', found '{PatchSemantics}'", path, field: "patch_semantics");
        if (Mine.Match is not ("top1" or "all")) throw new MotorPickException($"mine.match must be 'top1' or 'all', found '{Mine.Match}'", path, field: "mine.match");
    }
}

/// <summary>Training options passed to <c>motorpick train</c>.</summary>
public sealed record TrainStep
{
    public string Preset { get; init; } = "tiny";
    public int Steps { get; init; } = 2000;
    public double Spacing { get; init; } = 16;
    public IReadOnlyList<int> Patch { get; init; } = [224, 448, 448];
    public int Stride { get; init; } = 16;
    public int? Warmup { get; init; }
    public int? BatchSize { get; init; }
    public int? GradAccum { get; init; }
    public double? Lr { get; init; }

    /// <summary>Tomograms the training run validates on (0 = all of the fold's); the round's own predict step scores them all anyway.</summary>
    public int? MaxVal { get; init; }
    public string? Config { get; init; }
    public string Device { get; init; } = "cpu";
}

/// <summary>Options passed to <c>motorpick predict</c> (defaults: the reference's round 1).</summary>
public sealed record PredictStep
{
    public IReadOnlyList<string> Tta { get; init; } = ["zyx"];
    public int Stride { get; init; } = 8;
    public double Conf { get; init; } = 0.05;
    public double NmsA { get; init; } = 1000.0 / 3;
    public int MaxDets { get; init; } = 4;
    public string Aggregate { get; init; } = "probs";
    public double? Blur { get; init; }
    public string Fp16Coords { get; init; } = "double";
}

/// <summary>Options of <c>motorpick review mine</c>.</summary>
public sealed record MineStep
{
    public double Threshold { get; init; } = 0.05;
    public string Match { get; init; } = "top1";
}
