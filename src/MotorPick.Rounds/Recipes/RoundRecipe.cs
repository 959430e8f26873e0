using System.Text.Json;
using System.Text.Json.Serialization;
using MotorPick.Core;
using MotorPick.Volumes.Geometry;

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

    /// <summary>
    /// Several models predicting together, their heatmaps averaged with per-model weights (the reference's round-2 and
    /// external ensembles). When given, it replaces <see cref="Models"/> and the single training of <see cref="Train"/>.
    /// </summary>
    public IReadOnlyList<EnsembleMember> Ensemble { get; init; } = [];

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

    /// <summary>A recipe from its JSON text (<paramref name="source"/> names it in errors).</summary>
    public static RoundRecipe Parse(string json, string source)
    {
        try
        {
            var r = JsonSerializer.Deserialize<RoundRecipe>(json, Json) ?? throw new MotorPickException("empty recipe", source);
            r.Validate(source);
            return r;
        }
        catch (JsonException ex)
        {
            throw new MotorPickException($"not a valid round recipe: {ex.Message}", source, (ex.LineNumber ?? 0) + 1, ex.Path, ex);
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
        Predict.Validate(path);
        ValidateEnsemble(path);
    }

    private void ValidateEnsemble(string? path)
    {
        if (Ensemble.Count == 0) return;
        if (Models.Count > 0)
            throw new MotorPickException("give the models either as 'models' or as 'ensemble' members, not both", path, field: "models");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Ensemble.Count; i++)
        {
            var m = Ensemble[i];
            var field = $"ensemble[{i}]";
            // the name becomes a folder of the round (fold<k>/<name>/model) and a step name
            Identifiers.Check(m.Name, path, field: field + ".name");
            if (m.Name == "candidates.csv") throw new MotorPickException("'candidates.csv' is the file of the fold's candidates: name the member otherwise", path, field: field + ".name");
            if (!names.Add(m.Name)) throw new MotorPickException($"two ensemble members are named '{m.Name}'", path, field: field + ".name");
            if ((m.Model is null) == (m.Train is null))
                throw new MotorPickException("an ensemble member needs either 'model' (a trained model to predict with) or 'train' (a training the round runs), not both", path, field: field);
            if (Kind == "kfold" && m.Model is not null)
                throw new MotorPickException("a k-fold round predicts each fold with models trained without it: ensemble members of a kfold round need 'train', not 'model'", path, field: field + ".model");
            if (!(m.Weight > 0) || double.IsInfinity(m.Weight))
                throw new MotorPickException($"the weight must be a positive number, found {m.Weight}", path, field: field + ".weight");
        }
    }
}

/// <summary>One model of an ensemble: a trained model, or a training the round runs; its weight in the heatmap average.</summary>
public sealed record EnsembleMember
{
    /// <summary>Names the member's folder (<c>all/&lt;name&gt;/model</c>, <c>fold&lt;k&gt;/&lt;name&gt;/model</c>) and training step.</summary>
    public string Name { get; init; } = "";

    /// <summary>A trained model (checkpoint card, folder or .onnx; relative to the recipe's folder) to predict with.</summary>
    public string? Model { get; init; }

    /// <summary>The training the round runs for this member (on all labelled tomograms, or per fold in a kfold round).</summary>
    public TrainStep? Train { get; init; }

    /// <summary>Weight of this member's heatmaps in the average (the reference's round 2: 1.0, 0.75, 0.75).</summary>
    public double Weight { get; init; } = 1.0;
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

/// <summary>
/// Options passed to <c>motorpick predict</c> (defaults: the reference's round-1 decoding with one TTA; the reference
/// averaged all 16, <c>["all"]</c>, as docs/rounds/round1.json does).
/// </summary>
public sealed record PredictStep
{
    /// <summary>TTA codes or named sets (<c>all</c>: the 16; <c>ref5</c>: the round-2 five).</summary>
    public IReadOnlyList<string> Tta { get; init; } = ["zyx"];
    public int Stride { get; init; } = 8;
    public double Conf { get; init; } = 0.05;
    public double NmsA { get; init; } = 1000.0 / 3;
    public int MaxDets { get; init; } = 4;
    public string Aggregate { get; init; } = "probs";

    /// <summary>Post-blur sigma as a fraction of <see cref="NmsA"/> (<c>--blur</c>); excludes <see cref="BlurSigma"/>.</summary>
    public double? Blur { get; init; }

    /// <summary>Post-blur sigma in voxels at the model spacing (<c>--blur-sigma</c>; round 2: 6.25 = 100 Å at 16 Å).</summary>
    public double? BlurSigma { get; init; }
    public string Fp16Coords { get; init; } = "double";

    public void Validate(string? path)
    {
        if (Tta.Count == 0) throw new MotorPickException("predict.tta needs at least one TTA code or set", path, field: "predict.tta");
        try
        {
            _ = TtaCode.ParseList(string.Join(',', Tta));
        }
        catch (MotorPickException ex)
        {
            throw new MotorPickException(ex.Detail, path, field: "predict.tta", inner: ex);
        }
        if (Blur is not null && BlurSigma is not null)
            throw new MotorPickException("give predict.blur_sigma (voxels at the model spacing) or predict.blur (a fraction of nms_a), not both", path, field: "predict.blur_sigma");
        if (BlurSigma is { } s && !(s > 0)) throw new MotorPickException($"predict.blur_sigma must be positive, found {s}", path, field: "predict.blur_sigma");
        if (Blur is { } f && !(f > 0)) throw new MotorPickException($"predict.blur must be positive, found {f}", path, field: "predict.blur");
    }
}

/// <summary>Options of <c>motorpick review mine</c>.</summary>
public sealed record MineStep
{
    public double Threshold { get; init; } = 0.05;
    public string Match { get; init; } = "top1";
}
