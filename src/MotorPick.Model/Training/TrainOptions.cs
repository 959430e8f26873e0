using System.Text.Json;
using System.Text.Json.Serialization;
using MotorPick.Model.Augment;

namespace MotorPick.Model.Training;

/// <summary>
/// Every option of a training run. It is read from <c>--config train.json</c> (snake_case keys, all optional),
/// overridden by command-line options, and written into the run directory as used.
/// </summary>
public sealed record TrainOptions
{
    // ---- model ----
    public string Preset { get; init; } = "tiny";
    /// <summary>Output stride of the heatmap (16, 8 or 4).</summary>
    public int OutputStride { get; init; } = 16;

    // ---- data ----
    /// <summary>Voxel spacing (Å) the volumes are re-spaced to; the reference uses 16.</summary>
    public double TargetSpacing { get; init; } = 16;
    /// <summary>Training patch (z, y, x) in target voxels; multiples of the encoder's deepest stride.</summary>
    public int[] Patch { get; init; } = [224, 448, 448];
    /// <summary>Gaussian sigma of the target in Å (200 Å = 0.2 × the 1000 Å scoring radius).</summary>
    public double SigmaAngstrom { get; init; } = 200;

    // ---- sampling ----
    public double BgRatio { get; init; } = 0.05;
    public double BgFromPosRatio { get; init; } = 0.25;

    // ---- augmentation ----
    public AugmentConfig Augment { get; init; } = new();

    // ---- optimisation ----
    public int Steps { get; init; } = 32000;
    public int BatchSize { get; init; } = 2;
    public int GradAccum { get; init; } = 2;
    public double Lr { get; init; } = 5e-4;
    public double WeightDecay { get; init; } = 0;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Eps { get; init; } = 1e-7;
    public int WarmupSteps { get; init; } = 3000;
    /// <summary>Learning rate at step 0 as a fraction of <see cref="Lr"/> (timm warmup_lr_init).</summary>
    public double WarmupFactor { get; init; } = 0.01;
    /// <summary>Final learning rate as a fraction of <see cref="Lr"/> (timm lr_min).</summary>
    public double MinLrFactor { get; init; } = 0.005;
    /// <summary>Gradient-norm clip; 0 disables it.</summary>
    public double GradClip { get; init; } = 0;
    public double EmaDecay { get; init; } = 0.99;

    /// <summary>
    /// Wall-clock budget for the training loop ("20m", "1h30m"): the step rate is measured on this machine after
    /// warm-up and the run is given as many steps as fit (at most <see cref="Steps"/>), the learning-rate warm-up
    /// keeping its share of the run (<see cref="WarmupSteps"/> · planned / <see cref="Steps"/>). Loading the
    /// tomograms before the first step is not counted. Null: exactly <see cref="Steps"/> steps.
    /// </summary>
    public string? TimeBudget { get; init; }

    // ---- validation, logging, checkpoints ----
    /// <summary>Validate every this many optimiser steps (and at the end); 0 = only at the end.</summary>
    public int ValInterval { get; init; } = 1000;
    /// <summary>Probability threshold for the fixed-threshold F2 reported next to the best-threshold F2.</summary>
    public double ValThreshold { get; init; } = 0.5;
    public int CheckpointInterval { get; init; } = 1000;
    public int LogInterval { get; init; } = 10;

    // ---- run ----
    public int Seed { get; init; } = 42;
    public string Device { get; init; } = "cpu";
    /// <summary>libtorch threads; 0 = the number of cores.</summary>
    public int Threads { get; init; }
    /// <summary>
    /// "fp32"; or mixed precision, meant for CUDA: "bf16" or "fp16" convolutions with fp32 weights, norms and loss
    /// (fp16 with dynamic loss scaling). fp16 runs on the CPU too, for tests: about 12x slower than fp32 there (a CPU
    /// without fp16 arithmetic); bf16 is refused there.
    /// </summary>
    public string Precision { get; init; } = "fp32";

    /// <summary>The convolutions' compute type for <see cref="Precision"/>, null for fp32.</summary>
    [JsonIgnore]
    public TorchSharp.torch.ScalarType? ConvolutionType => Precision switch
    {
        "bf16" => TorchSharp.torch.ScalarType.BFloat16,
        "fp16" => TorchSharp.torch.ScalarType.Float16,
        _ => null,
    };

    /// <summary>Optional PyTorch state dict (.pt or .safetensors) copied into the new model by parameter name before step 0
    /// (names that do not match are reported and skipped); ignored when resuming.</summary>
    public string? InitWeights { get; init; }

    // ---- data selection (recorded in the model card) ----
    public int? Fold { get; init; }
    public bool TrainOnAll { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public (int D, int H, int W) PatchShape => (Patch[0], Patch[1], Patch[2]);

    /// <summary>Sigma of the target in target voxels.</summary>
    public double SigmaVoxels => SigmaAngstrom / TargetSpacing;

    public static TrainOptions Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainOptions>(File.ReadAllText(path), Json)
                ?? throw new Core.MotorPickException("the config is empty", path);
        }
        catch (JsonException ex)
        {
            throw new Core.MotorPickException($"not a valid training config: {ex.Message}", path, line: ex.LineNumber + 1, field: ex.Path, inner: ex);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Checks ranges and combinations; throws naming the field.</summary>
    public void Validate(int maxStride)
    {
        void Fail(string field, string msg) => throw new Core.MotorPickException(msg, field: field);
        if (Patch.Length != 3 || Patch.Any(p => p <= 0)) Fail("patch", "patch needs three positive sizes (z, y, x)");
        if (Patch.Any(p => p % maxStride != 0)) Fail("patch", $"patch [{string.Join(", ", Patch)}] must be a multiple of {maxStride} on every axis (the encoder's deepest stride)");
        if (!(TargetSpacing > 0)) Fail("target_spacing", "target spacing must be positive");
        if (!(SigmaAngstrom > 0)) Fail("sigma_angstrom", "sigma must be positive");
        if (Steps < 1) Fail("steps", "steps must be at least 1");
        if (TimeBudget is { } budget) Core.Durations.Parse(budget, "time_budget");
        if (BatchSize < 1) Fail("batch_size", "batch size must be at least 1");
        if (GradAccum < 1) Fail("grad_accum", "grad_accum must be at least 1");
        if (!(Lr > 0)) Fail("lr", "lr must be positive");
        if (EmaDecay is < 0 or >= 1) Fail("ema_decay", "ema_decay must be in [0, 1)");
        if (BgRatio < 0 || BgFromPosRatio < 0) Fail("bg_ratio", "bg_ratio and bg_from_pos_ratio must be non-negative");
        foreach (var (name, p) in new[] { ("augment.blur_p", Augment.BlurP), ("augment.noise_p", Augment.NoiseP), ("augment.invert_p", Augment.InvertP) })
            if (p is < 0 or > 1 || double.IsNaN(p)) Fail(name, $"{name} must be a probability in [0, 1], found {p}");
        foreach (var (name, r, min) in new[] { ("augment.blur_sigma_range", Augment.BlurSigmaRange, 1e-3), ("augment.noise_std_range", Augment.NoiseStdRange, 0.0) })
            if (r.Length != 2 || !(r[0] >= min) || !(r[1] >= r[0]) || !double.IsFinite(r[1])) Fail(name, $"{name} must be [low, high] with {min} <= low <= high, found [{string.Join(", ", r)}]");
        if (Precision is not ("fp32" or "bf16" or "fp16")) Fail("precision", $"precision '{Precision}' is not one of fp32, bf16, fp16");
        // measured: libtorch 2.10's bf16 CPU convolutions gave different losses from run to run and, now and then, NaN
        if (Precision == "bf16" && !Device.Trim().StartsWith("cuda", StringComparison.OrdinalIgnoreCase))
            Fail("precision", "bf16 is for CUDA: libtorch 2.10's bf16 convolutions on the CPU are not reproducible and can give NaN; use fp32 (or fp16) on the CPU");
    }
}
