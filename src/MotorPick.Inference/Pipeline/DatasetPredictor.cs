using MotorPick.Core;
using MotorPick.Core.Sharding;
using MotorPick.Formats.Common;
using MotorPick.Formats.Jpeg;
using MotorPick.Formats.Npy;
using MotorPick.Inference.Respacing;
using MotorPick.Labels.Tables;
using MotorPick.Volumes.Caching;
using MotorPick.Volumes.Intensity;

namespace MotorPick.Inference.Pipeline;

/// <summary>What <see cref="DatasetPredictor.Run"/> predicts and where it writes.</summary>
public sealed record DatasetPredictOptions
{
    /// <summary>Directory of tomograms in the competition layout: <c>&lt;dir&gt;/&lt;tomo_id&gt;/slice_%04d.jpg</c>.</summary>
    public required string DataDir { get; init; }

    /// <summary>Candidate file. With several agg names (ensemble "none"), one file per agg: <c>&lt;stem&gt;.&lt;agg&gt;&lt;ext&gt;</c>.</summary>
    public required string OutPath { get; init; }

    /// <summary>Label table giving each tomogram's voxel spacing (also limits the run to its tomograms when <see cref="OnlyLabelled"/>).</summary>
    public GtTable? Labels { get; init; }

    /// <summary>Spacing assumed for every tomogram (the reference assumes 13.1 A for the test set).</summary>
    public double? AssumeSpacing { get; init; }

    /// <summary>Predict only tomograms present in <see cref="Labels"/>.</summary>
    public bool OnlyLabelled { get; init; }

    /// <summary>Optional subset of tomogram ids.</summary>
    public IReadOnlyList<string>? TomoIds { get; init; }

    /// <summary>Save each agg heatmap as fp16 NPY under <c>&lt;dir&gt;/&lt;agg&gt;/&lt;tomo_id&gt;.npy</c>.</summary>
    public string? HeatmapDir { get; init; }

    /// <summary>Apply the reference's +127 fix to its 15 wrongly quantised competition ids.</summary>
    public bool QuantisationFix { get; init; } = true;

    /// <summary>Re-space the next tomogram while the model runs on the current one (two re-spaced volumes in memory).</summary>
    public bool Prefetch { get; init; } = true;

    /// <summary>Re-spaced volumes shared with training (the CLI passes <see cref="VolumeCache.ForUser"/>); null: none.</summary>
    public VolumeCache? VolumeCache { get; init; }

    /// <summary>Parallelism of JPEG decoding (-1: all cores).</summary>
    public int ReadThreads { get; init; } = -1;

    /// <summary>Predict only this shard of the tomograms (balanced by the bytes of their slices) and tag every output
    /// file with it (<c>cand.shard-i-of-n.csv</c>), so the tasks of an array job never write the same file.</summary>
    public Shard? Shard { get; init; }
}

/// <summary>Progress of a dataset run: tomogram <paramref name="Index"/> (0-based) of <paramref name="Count"/>.</summary>
public readonly record struct DatasetProgress(int Index, int Count, PredictProgress Tomogram, bool Skipped);

/// <summary>What a dataset run did.</summary>
public sealed record DatasetPredictResult(IReadOnlyDictionary<string, string> Files, int Tomograms, int Predicted, int Resumed,
    IReadOnlyList<PredictTimings> Timings);

/// <summary>
/// Predicts every tomogram of a directory with a <see cref="TomogramPredictor"/> and writes the candidate files.
/// Resumable: each finished tomogram leaves <c>&lt;out&gt;.parts/&lt;agg&gt;/&lt;tomo_id&gt;.csv</c>; a rerun skips those and the
/// final files are assembled (in tomogram id order) only when every tomogram is done, then the parts are removed.
/// With a <see cref="DatasetPredictOptions.Shard"/> the run covers that shard only and its files carry the shard tag;
/// <c>motorpick merge candidates</c> combines the shards into what one run over all tomograms writes.
/// </summary>
public static class DatasetPredictor
{
    public static DatasetPredictResult Run(TomogramPredictor predictor, DatasetPredictOptions options,
        IProgress<DatasetProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (options.Labels is null == options.AssumeSpacing is null)
            throw new MotorPickException("give either a label table (for each tomogram's voxel spacing) or an assumed spacing", field: "--labels/--assume-spacing");
        var ids = TomogramIds(options);
        var spacing = ids.ToDictionary(id => id, id => Spacing(options, id), StringComparer.Ordinal);
        var files = OutputFiles(options.OutPath, predictor.AggNames, options.Shard);
        var partsDir = Path.GetFullPath(options.Shard is { } shard ? shard.Tag(options.OutPath) : options.OutPath) + ".parts";
        string Part(string agg, string id) => Identifiers.Child(Path.Combine(partsDir, Safe(agg)), id, ".csv");
        string? Heatmap(string agg, string id) => options.HeatmapDir is null ? null : Identifiers.Child(Path.Combine(options.HeatmapDir, Safe(agg)), id, ".npy");
        bool Done(string id) => predictor.AggNames.All(a => File.Exists(Part(a, id)) && (Heatmap(a, id) is not { } h || File.Exists(h)));

        // a killed run leaves temporary files: of the final files, of parts and of heatmaps (this output is ours: lock + shard)
        foreach (var file in files.Values) OutputLock.DeleteLeftoversOf(file);
        OutputLock.DeleteLeftoversUnder(partsDir);
        var todo = ids.Where(id => !Done(id)).ToArray();
        foreach (var id in todo)
            foreach (var agg in predictor.AggNames)
                if (Heatmap(agg, id) is { } h) OutputLock.DeleteLeftoversOf(h);
        var resumed = ids.Length - todo.Length;
        for (var i = 0; i < ids.Length; i++)
            if (!todo.Contains(ids[i])) progress?.Report(new DatasetProgress(i, ids.Length, new PredictProgress(ids[i], PredictStage.Done, 0, 0, 0), Skipped: true));

        var timings = new List<PredictTimings>();
        Task<(SpacedVolume Volume, VolumeShape Shape, TimeSpan Time)>? next = null;
        Task<(SpacedVolume, VolumeShape, TimeSpan)> Load(string id) => Task.Run(() => LoadSpaced(options, predictor.TargetSpacing, id, spacing[id], cancellation), cancellation);
        for (var t = 0; t < todo.Length; t++)
        {
            var id = todo[t];
            var index = Array.IndexOf(ids, id);
            var inner = progress is null ? null : new SyncProgress<PredictProgress>(p => progress.Report(new DatasetProgress(index, ids.Length, p, false)));
            inner?.Report(new PredictProgress(id, PredictStage.Respacing, 0, 1, 0));
            var (volume, shape, respace) = (next ?? Load(id)).GetAwaiter().GetResult();
            next = options.Prefetch && t + 1 < todo.Length ? Load(todo[t + 1]) : null;
            var result = predictor.PredictSpaced(volume, id, shape, spacing[id], inner, cancellation);
            timings.Add(result.Timings with { Respace = respace, Total = result.Timings.Total + respace });
            foreach (var agg in predictor.AggNames)
            {
                if (Heatmap(agg, id) is { } h)
                {
                    var heat = result.Heatmaps.Single(m => m.Name == agg);
                    Directory.CreateDirectory(Path.GetDirectoryName(h)!);
                    NpyWriter.Write<Half>(h, heat.Probabilities.Select(v => (Half)v).ToArray(), heat.Shape);
                }
                Directory.CreateDirectory(Path.GetDirectoryName(Part(agg, id))!);
                PredictionsFile.WriteCandidates(Part(agg, id), result.Candidates[agg]);
            }
        }

        foreach (var agg in predictor.AggNames)
            PredictionsFile.WriteCandidates(files[agg], ids.SelectMany(id => PredictionsFile.Read(Part(agg, id))).ToArray());
        if (Directory.Exists(partsDir)) Directory.Delete(partsDir, recursive: true);
        return new DatasetPredictResult(files, ids.Length, todo.Length, resumed, timings);
    }

    /// <summary>The candidate file of each agg: <paramref name="outPath"/> itself when there is one agg; with a shard,
    /// tagged with it (<c>cand.shard-1-of-4.csv</c>, <c>cand.&lt;agg&gt;.shard-1-of-4.csv</c>).</summary>
    public static IReadOnlyDictionary<string, string> OutputFiles(string outPath, IReadOnlyList<string> aggNames, Shard? shard = null)
    {
        string Tagged(string path) => shard is { } s ? s.Tag(path) : path;
        if (aggNames.Count == 1) return new Dictionary<string, string> { [aggNames[0]] = Tagged(outPath) };
        var dir = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
        var stem = Path.GetFileNameWithoutExtension(outPath);
        var ext = Path.GetExtension(outPath);
        return aggNames.ToDictionary(a => a, a => Tagged(Path.Combine(dir, $"{stem}.{Safe(a)}{ext}")));
    }

    /// <summary>Tomogram directories (ordinal order), optionally limited to the label table or a list, then to the shard
    /// (which may be empty when there are more shards than tomograms).</summary>
    public static string[] TomogramIds(DatasetPredictOptions options)
    {
        if (!Directory.Exists(options.DataDir)) throw new MotorPickException("data directory not found", options.DataDir);
        var ids = Directory.GetDirectories(options.DataDir).Select(Path.GetFileName).OfType<string>()
            .Where(d => Directory.EnumerateFiles(Path.Combine(options.DataDir, d), "slice_*.jpg").Any())
            .Order(StringComparer.Ordinal).ToList();
        if (options.OnlyLabelled && options.Labels is { } gt) ids = ids.Where(id => gt.TryGet(id, out _)).ToList();
        if (options.TomoIds is { } wanted)
        {
            var missing = wanted.Where(w => !ids.Contains(w)).ToArray();
            if (missing.Length > 0) throw new MotorPickException($"tomograms not found in the data directory: {string.Join(", ", missing)}", options.DataDir);
            ids = wanted.Order(StringComparer.Ordinal).ToList();
        }
        if (ids.Count == 0) throw new MotorPickException("no tomogram directories with slice_*.jpg files", options.DataDir);
        if (options.Shard is { } shard) return [.. ShardAssignment.Select(ids, shard, id => SliceBytes(options.DataDir, id))];
        return [.. ids];
    }

    /// <summary>The work of a tomogram for shard balancing: the bytes of its slices (voxels, near enough).</summary>
    private static long SliceBytes(string dataDir, string id) =>
        new DirectoryInfo(Path.Combine(dataDir, id)).EnumerateFiles("slice_*.jpg").Sum(f => f.Length);

    private static double Spacing(DatasetPredictOptions options, string id)
    {
        if (options.AssumeSpacing is { } s) return s;
        if (options.Labels!.TryGet(id, out var row)) return row.VoxelSpacing;
        throw new MotorPickException($"tomogram {id} is not in the label table, so its voxel spacing is unknown (use --assume-spacing or --only-labelled)",
            options.Labels.Source, field: "voxel_spacing");
    }

    private static (SpacedVolume, VolumeShape, TimeSpan) LoadSpaced(DatasetPredictOptions options, double target, string id, double ori, CancellationToken cancellation)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var stack = JpegSliceStack.Open(Path.Combine(options.DataDir, id), voxelSize: VoxelSize.Isotropic(ori));
        stack.MaxDegreeOfParallelism = options.ReadThreads;
        var fix = options.QuantisationFix ? Quantisation.ForId(id) : Volumes.Intensity.QuantisationFix.None;
        if (options.VolumeCache is not { } cache)
            return (StreamingRespacer.Respace(stack, ori, target, fix, options.ReadThreads, cancellation: cancellation), stack.Shape, clock.Elapsed);
        var key = new VolumeCacheKey(stack.Directory, ori, target, VolumeCacheKey.TorchTrilinearUInt8(fix));
        var (shape, planes) = cache.GetOrCreatePlanes(key, () =>
        {
            var v = StreamingRespacer.Respace(stack, ori, target, fix, options.ReadThreads, cancellation: cancellation);
            return (v.Shape, v.Planes);
        }, out _);
        return (new SpacedVolume(shape, planes, target), stack.Shape, clock.Elapsed);
    }

    private static string Safe(string name) => string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
}
