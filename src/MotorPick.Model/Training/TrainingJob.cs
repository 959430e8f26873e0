using MotorPick.Core;
using MotorPick.Labels;
using MotorPick.Labels.Splits;
using MotorPick.Labels.Tables;
using MotorPick.Model.Data;
using MotorPick.Volumes.Sources;
using MotorPick.Volumes.Caching;

namespace MotorPick.Model.Training;

/// <summary>
/// What <c>motorpick train</c> asks for: the label table (gt or all_gt layout), the folder of tomograms, the split
/// and fold (or train-on-all), the run directory and the options. No parsing happens here: the CLI fills it in.
/// </summary>
public sealed record TrainJobRequest
{
    public required string LabelsPath { get; init; }
    /// <summary>The tomograms (any format, one or more roots: <see cref="TomogramDirectory"/>).</summary>
    public TomogramDirectory? Data { get; init; }
    /// <summary>Shorthand for a <see cref="Data"/> of one root.</summary>
    public string? DataDir { get; init; }
    public string? SplitPath { get; init; }
    public required string RunDir { get; init; }
    /// <summary>Where re-spaced uint8 volumes are cached, shared with predict (the CLI passes <see cref="VolumeCache.ForUser"/>); null: nothing is cached.</summary>
    public VolumeCache? VolumeCache { get; init; }
    public required TrainOptions Options { get; init; }
    public bool Resume { get; init; }
    /// <summary>Validate on at most this many tomograms of the fold (0 = all), to keep CPU runs short.</summary>
    public int MaxValTomograms { get; init; }
    /// <summary>How often a run that libtorch failed mid-step resumes from its last checkpoint (see <see cref="TrainingJob"/>).</summary>
    public int NativeFailureRetries { get; init; } = 3;
    /// <summary>Told when a failed run resumes (the CLI prints it as a warning).</summary>
    public Action<string>? OnRetry { get; init; }
    /// <summary>Called with the run folder just before <c>model.json</c> marks the run done (see <see cref="Trainer.BeforeDone"/>).</summary>
    public Action<string>? BeforeDone { get; init; }
}

/// <summary>Reports the data loading phase (one report per tomogram).</summary>
public sealed record LoadProgress(int Done, int Total, string TomoId, bool FromCache);

/// <summary>
/// The training service behind <c>motorpick train</c>: reads the labels and split, picks the fold's train and val
/// tomograms (or all of them with <see cref="TrainOptions.TrainOnAll"/>), loads and caches the volumes at the target
/// spacing, and runs the <see cref="Trainer"/>.
/// </summary>
public static class TrainingJob
{
    public static TrainSummary Run(TrainJobRequest request, IProgress<LoadProgress>? loading = null, IProgress<TrainProgress>? training = null, CancellationToken ct = default)
    {
        var o = request.Options;
        var (labels, _) = LabelTables.ReadAsGt(request.LabelsPath);
        var (trainIds, valIds) = SelectIds(request, labels);
        var tomograms = request.Data ?? TomogramDirectory.Open(request.DataDir ?? throw new MotorPickException("no data folder given", field: "--data"));
        var source = new TomogramSource(tomograms, request.VolumeCache);
        var all = trainIds.Concat(valIds).ToArray();
        var loaded = new Dictionary<string, TrainTomogram>(StringComparer.Ordinal);
        for (int i = 0; i < all.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            var row = labels[all[i]];
            // the file header's spacing where it has one, else the label table's
            var spacing = tomograms.Spacing(row.TomoId, row.VoxelSpacing, null, labels.Source);
            var volume = source.Load(row.TomoId, spacing, o.TargetSpacing, out bool cached);
            double f = spacing / o.TargetSpacing;
            // the reference's training keypoints: original voxel coordinates times ori / target (no half-voxel shift)
            loaded[row.TomoId] = new TrainTomogram(row.TomoId, volume, row.Motors.Select(m => m.Scale(f)).ToArray(), o.TargetSpacing, spacing);
            loading?.Report(new LoadProgress(i + 1, all.Length, row.TomoId, cached));
        }
        var valRows = valIds.Select(id => labels[id]).ToArray();
        var data = new TrainData(trainIds.Select(id => loaded[id]).ToArray(), valIds.Select(id => loaded[id]).ToArray(),
            new GtTable(valRows, labels.Layout, labels.Source));
        var provenance = new TrainProvenance(FileStamp.Of(request.LabelsPath), request.SplitPath is null ? null : FileStamp.Of(request.SplitPath));
        // TorchSharp 0.107 hands the native handle of a temporary Scalar (an implicit conversion) to libtorch without keeping
        // the Scalar alive, so the GC can free it mid-call (upstream dotnet/TorchSharp#1496). MotorPick's layers, BatchNorm
        // (HeldBatchNorm3d) and optimiser (AdamWOptimizer) hold theirs; should any other library path still fail mid-step,
        // the run resumes from the last checkpoint, which is exact: the result is bit-identical.
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return new Trainer(o, data, request.RunDir, provenance) { BeforeDone = request.BeforeDone }.Run(request.Resume || attempt > 0, training, ct);
            }
            catch (System.Runtime.InteropServices.ExternalException ex) when (attempt < request.NativeFailureRetries && !ct.IsCancellationRequested)
            {
                var at = Trainer.ResumePoint(request.RunDir) is { } point ? $"the checkpoint at step {point.Step}" : "the start";
                request.OnRetry?.Invoke($"libtorch failed during training ({FirstLine(ex.Message)}); resuming from {at} " +
                                        $"(retry {attempt + 1} of {request.NativeFailureRetries})");
            }
        }
    }

    /// <summary>The fold's train and val ids (val capped by MaxValTomograms), or every labelled tomogram with train-on-all.</summary>
    public static (string[] Train, string[] Val) SelectIds(TrainJobRequest request, GtTable labels)
    {
        var o = request.Options;
        if (o.TrainOnAll)
        {
            // the reference trains on everything and still validates on the fold's val ids (leaky, for monitoring only)
            var val = Array.Empty<string>();
            if (request.SplitPath is not null && o.Fold is int fk)
                val = CvSplitFile.Read(request.SplitPath).Fold(fk).Val.ToArray();
            return (labels.Rows.Select(r => r.TomoId).ToArray(), Cap(val, request.MaxValTomograms, labels, request.LabelsPath));
        }
        if (request.SplitPath is null) throw new MotorPickException("a split file is needed unless training on all tomograms", field: "--split");
        if (o.Fold is not int k) throw new MotorPickException("a fold is needed with a split file (or train on all)", field: "--fold");
        var fold = CvSplitFile.Read(request.SplitPath).Fold(k);
        return (Check(fold.Train, labels, request.SplitPath), Cap(Check(fold.Val, labels, request.SplitPath), request.MaxValTomograms, labels, request.LabelsPath));
    }

    private static string[] Check(IEnumerable<string> ids, GtTable labels, string splitPath)
    {
        var arr = ids.ToArray();
        var missing = arr.Where(id => !labels.TryGet(id, out _)).ToArray();
        if (missing.Length > 0)
            throw new MotorPickException($"{missing.Length} tomograms of the split are not in the label table (first: {missing[0]})", splitPath);
        return arr;
    }

    private static string[] Cap(string[] ids, int max, GtTable labels, string labelsPath)
    {
        _ = labelsPath;
        if (max <= 0 || ids.Length <= max) return ids;
        // keep positives and negatives in proportion: interleave the two sorted lists
        var pos = ids.Where(id => labels[id].Motors.Count > 0).ToArray();
        var neg = ids.Where(id => labels[id].Motors.Count == 0).ToArray();
        int np = (int)Math.Round(max * (double)pos.Length / ids.Length);
        return pos.Take(np).Concat(neg.Take(max - np)).Order(StringComparer.Ordinal).ToArray();
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
