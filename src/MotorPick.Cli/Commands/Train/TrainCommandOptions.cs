using System.CommandLine;
using System.Globalization;
using MotorPick.Core;
using MotorPick.Model.Training;

namespace MotorPick.Cli.Commands.Train;

/// <summary>The options of <c>motorpick train</c> and how they override the config file.</summary>
internal sealed class TrainCommandOptions
{
    public readonly DataSourceOptions Data = new(required: false, DataSourceOptions.DataHelp + " Training reads uint8 volumes (JPEG slices, or uint8 MRC/NPY/zarr).");
    public readonly Option<string?> Labels = new("--labels") { Description = "Label table: gt or all_gt layout (one row per tomogram with spacing, shape and motors), train_labels.csv or external_labels_v1.csv." };
    public readonly Option<string?> Split = new("--split") { Description = "CV split JSON (reference layout); needs --fold unless --train-on-all." };
    public readonly Option<int?> Fold = new("--fold") { Description = "Fold k: train on its train ids, validate on its val ids." };
    public readonly Option<bool> TrainOnAll = new("--train-on-all") { Description = "Train on every labelled tomogram (validation on the fold's val ids, if given, is leaky)." };
    public readonly Option<string?> Preset = new("--preset") { Description = $"Model preset: {string.Join(", ", MotorPick.Model.Nn.ModelPresets.Names)} (see --list-presets; the -mini presets are CPU-sized networks of the same blocks)." };
    public readonly Option<int?> Steps = new("--steps") { Description = "Optimiser steps (default 32000)." };
    public readonly Option<string?> Out = new("--out") { Description = "Run directory." };
    public readonly Option<string?> Config = new("--config") { Description = "Training config JSON (snake_case keys, every option; see train.json of a run)." };
    public readonly Option<string?> Device = new("--device") { Description = "cpu or cuda." };
    public readonly Option<string?> Precision = new("--precision") { Description = "fp32 (default), or mixed precision for CUDA: bf16 or fp16 convolutions with fp32 weights (fp16 with dynamic loss scaling; on the CPU fp16 runs about 12x slower and bf16 is refused)." };
    public readonly Option<int?> Threads = new("--threads") { Description = "libtorch threads (0 = all cores)." };
    public readonly Option<double?> Spacing = new("--spacing") { Description = "Target spacing in Å (default 16)." };
    public readonly Option<string?> Patch = new("--patch") { Description = "Patch z,y,x in target voxels (default 224,448,448); one number for a cube." };
    public readonly Option<int?> Stride = new("--stride") { Description = "Heatmap output stride: 16 (default), 8 or 4." };
    public readonly Option<int?> Seed = new("--seed") { Description = "Random seed (same seed, data and options give the same loss curve on CPU)." };
    public readonly Option<int?> BatchSize = new("--batch-size") { Description = "Patches per micro-batch (default 2)." };
    public readonly Option<int?> GradAccum = new("--grad-accum") { Description = "Micro-batches per optimiser step (default 2)." };
    public readonly Option<double?> Lr = new("--lr") { Description = "Peak learning rate (default 5e-4)." };
    public readonly Option<string?> TimeBudget = new("--time-budget") { Description = "Train for this long on this machine (20m, 1h30m): the step rate is measured after warm-up and the run gets the steps that fit (at most --steps); warm-up keeps its share." };
    public readonly Option<int?> Warmup = new("--warmup") { Description = "Warm-up steps (default 3000, capped at --steps)." };
    public readonly Option<int?> ValInterval = new("--val-interval") { Description = "Validate every N steps (0 = at the end only)." };
    public readonly Option<int?> MaxVal = new("--max-val") { Description = "Validate on at most N of the fold's tomograms (0 = all)." };
    public readonly Option<string?> Cache = new("--cache") { Description = "Cache folder for re-spaced uint8 volumes, shared with predict (default $MOTORPICK_CACHE_DIR/volumes, else ~/.cache/motorpick/volumes; size cap $MOTORPICK_VOLUME_CACHE_GB, default 50, 0 = off)." };
    public readonly Option<string?> Init = new("--init") { Description = "Start from a PyTorch state dict (.pt or .safetensors), matched by parameter name." };
    public readonly Option<bool> Resume = new("--resume") { Description = "Continue the run in --out from its last checkpoint." };
    public readonly Option<bool> NoAugment = new("--no-augment") { Description = "Switch augmentation off (the 16 rot90/flip variants stay)." };
    public readonly Option<bool> ListPresets = new("--list-presets") { Description = "Print the model presets with their parameter counts and exit." };

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(Labels);
        Data.AddTo(cmd);
        foreach (var opt in new Option[] { Split, Fold, TrainOnAll, Preset, Steps, TimeBudget, Out, Config, Device, Precision, Threads, Spacing, Patch, Stride, Seed,
                     BatchSize, GradAccum, Lr, Warmup, ValInterval, MaxVal, Cache, Init, Resume, NoAugment, ListPresets })
            cmd.Options.Add(opt);
    }

    public TrainJobRequest ToRequest(ParseResult p)
    {
        string Need(Option<string?> opt) => p.GetValue(opt) ?? throw new MotorPickException($"{opt.Name} is required", field: opt.Name);
        var o = p.GetValue(Config) is { } cfg ? TrainOptions.Load(cfg) : new TrainOptions();
        if (p.GetValue(Preset) is { } preset) o = o with { Preset = preset };
        if (p.GetValue(Steps) is { } steps) o = o with { Steps = steps };
        if (p.GetValue(TimeBudget) is { } budget) o = o with { TimeBudget = budget };
        if (p.GetValue(Device) is { } device) o = o with { Device = device };
        if (p.GetValue(Precision) is { } precision) o = o with { Precision = precision };
        if (p.GetValue(Threads) is { } threads) o = o with { Threads = threads };
        if (p.GetValue(Spacing) is { } spacing) o = o with { TargetSpacing = spacing };
        if (p.GetValue(Patch) is { } patch) o = o with { Patch = ParsePatch(patch) };
        if (p.GetValue(Stride) is { } stride) o = o with { OutputStride = stride };
        if (p.GetValue(Seed) is { } seed) o = o with { Seed = seed };
        if (p.GetValue(BatchSize) is { } bs) o = o with { BatchSize = bs };
        if (p.GetValue(GradAccum) is { } ga) o = o with { GradAccum = ga };
        if (p.GetValue(Lr) is { } lr) o = o with { Lr = lr };
        if (p.GetValue(Warmup) is { } warmup) o = o with { WarmupSteps = warmup };
        if (p.GetValue(ValInterval) is { } vi) o = o with { ValInterval = vi };
        if (p.GetValue(Fold) is { } fold) o = o with { Fold = fold };
        if (p.GetValue(TrainOnAll)) o = o with { TrainOnAll = true };
        if (p.GetValue(Init) is { } init) o = o with { InitWeights = init };
        if (p.GetValue(NoAugment)) o = o with { Augment = o.Augment with { Enabled = false } };
        return new TrainJobRequest
        {
            LabelsPath = Need(Labels),
            Data = Data.Open(p),
            SplitPath = p.GetValue(Split),
            RunDir = Need(Out),
            VolumeCache = Volumes.Caching.VolumeCache.ForUser(p.GetValue(Cache)),
            Options = o,
            Resume = p.GetValue(Resume),
            MaxValTomograms = p.GetValue(MaxVal) ?? 0,
        };
    }

    internal static int[] ParsePatch(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] <= 0)
                throw new MotorPickException($"'{text}' is not a patch size: expected z,y,x or one positive integer", field: "--patch");
        return values.Length switch
        {
            1 => [values[0], values[0], values[0]],
            3 => values,
            _ => throw new MotorPickException($"'{text}' is not a patch size: expected z,y,x or one positive integer", field: "--patch"),
        };
    }
}
