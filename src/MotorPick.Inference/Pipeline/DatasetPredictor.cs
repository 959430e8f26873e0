using System.Text.Json;
using MotorPick.Core;
using MotorPick.Core.Sharding;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Jpeg;
using MotorPick.Formats.Npy;
using MotorPick.Formats.Voxels;
using MotorPick.Inference.Respacing;
using MotorPick.Labels.Tables;
using MotorPick.Volumes;
using MotorPick.Volumes.Caching;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Sources;
using MotorPick.Volumes.Statistics;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Inference.Pipeline;

/// <summary>What <see cref="DatasetPredictor.Run"/> predicts and where it writes.</summary>
public sealed record DatasetPredictOptions
{
    /// <summary>The tomograms (any format and layout <see cref="TomogramDirectory"/> reads, one or more roots).</summary>
    public TomogramDirectory? Data { get; init; }

    /// <summary>Shorthand for a <see cref="Data"/> of one root, opened with <see cref="QuantisationFix"/> and <see cref="ReadThreads"/>.</summary>
    public string? DataDir { get; init; }

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

    /// <summary>Apply the reference's +127 fix to its 15 wrongly quantised competition ids (with <see cref="DataDir"/>;
    /// a given <see cref="Data"/> carries its own choice).</summary>
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
/// <param name="Images">Each tomogram's image statistics as the model read it (those predicted by an earlier MotorPick
/// that did not record them are missing).</param>
/// <param name="Normalised">The tomograms predicted now whose voxels were not uint8, with their type: their values were
/// mapped to grey levels by <see cref="ModelInput.Window"/>.</param>
public sealed record DatasetPredictResult(IReadOnlyDictionary<string, string> Files, int Tomograms, int Predicted, int Resumed,
    IReadOnlyList<PredictTimings> Timings, IReadOnlyDictionary<string, ImageStatistics>? Images = null,
    IReadOnlyDictionary<string, VoxelType>? Normalised = null);

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
        var data = Source(options);
        var ids = TomogramIds(options, data);
        var spacing = ids.ToDictionary(id => id, id => Spacing(options, data, id), StringComparer.Ordinal);
        var files = OutputFiles(options.OutPath, predictor.AggNames, options.Shard);
        var partsDir = Path.GetFullPath(options.Shard is { } shard ? shard.Tag(options.OutPath) : options.OutPath) + ".parts";
        string Part(string agg, string id) => Identifiers.Child(Path.Combine(partsDir, Safe(agg)), id, ".csv");
        string Image(string id) => Identifiers.Child(partsDir, id, ImagePartSuffix);
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
        var normalised = new Dictionary<string, VoxelType>(StringComparer.Ordinal);
        Task<(Volume<byte> Volume, VolumeShape Shape, TimeSpan Time, VoxelType Type, ImageStatistics Image)>? next = null;
        // the image statistics are measured while the model works on the previous tomogram, as the volume is
        Task<(Volume<byte>, VolumeShape, TimeSpan, VoxelType, ImageStatistics)> Load(string id) => Task.Run(() =>
        {
            var (volume, shape, time, type) = LoadSpaced(data, options, predictor.TargetSpacing, id, spacing[id], cancellation);
            return (volume, shape, time, type, ImageStatistics.Of(volume));
        }, cancellation);
        for (var t = 0; t < todo.Length; t++)
        {
            var id = todo[t];
            var index = Array.IndexOf(ids, id);
            var inner = progress is null ? null : new SyncProgress<PredictProgress>(p => progress.Report(new DatasetProgress(index, ids.Length, p, false)));
            inner?.Report(new PredictProgress(id, PredictStage.Respacing, 0, 1, 0));
            var (volume, shape, respace, type, image) = (next ?? Load(id)).GetAwaiter().GetResult();
            if (ModelInput.Window(type) is not null) normalised[id] = type;
            next = options.Prefetch && t + 1 < todo.Length ? Load(todo[t + 1]) : null;
            var result = predictor.PredictSpaced(volume, id, shape, spacing[id], inner, cancellation);
            timings.Add(result.Timings with { Respace = respace, Total = result.Timings.Total + respace });
            // before the candidate parts, which mark the tomogram done
            Directory.CreateDirectory(partsDir);
            AtomicFile.WriteAllText(Image(id), JsonSerializer.Serialize(image));
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
        var images = ids.Where(id => File.Exists(Image(id)))
            .ToDictionary(id => id, id => JsonSerializer.Deserialize<ImageStatistics>(File.ReadAllText(Image(id)))!, StringComparer.Ordinal);
        if (Directory.Exists(partsDir)) Directory.Delete(partsDir, recursive: true);
        return new DatasetPredictResult(files, ids.Length, todo.Length, resumed, timings, images, normalised);
    }

    /// <summary>
    /// The image statistics of every tomogram of <paramref name="options"/>' data, read as a run would read them for a model
    /// at <paramref name="targetSpacing"/> (same spacing rule, re-spacing and volume cache), without predicting: what a
    /// model card records about the tomograms a model was trained on.
    /// </summary>
    public static IReadOnlyDictionary<string, ImageStatistics> MeasureImages(DatasetPredictOptions options, double targetSpacing,
        IProgress<(int Done, int Count)>? progress = null, CancellationToken cancellation = default)
    {
        var data = Source(options);
        var ids = TomogramIds(options, data);
        var images = new Dictionary<string, ImageStatistics>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            cancellation.ThrowIfCancellationRequested();
            images[id] = ImageStatistics.Of(LoadSpaced(data, options, targetSpacing, id, Spacing(options, data, id), cancellation).Volume);
            progress?.Report((images.Count, ids.Length));
        }
        return images;
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

    /// <summary>The tomograms of the run: <see cref="DatasetPredictOptions.Data"/>, or its one root <see cref="DatasetPredictOptions.DataDir"/>.</summary>
    public static TomogramDirectory Source(DatasetPredictOptions options) =>
        options.Data ?? TomogramDirectory.Open(options.DataDir ?? throw new MotorPickException("no data folder given", field: "--data"),
            new TomogramDirectoryOptions { QuantisationFix = options.QuantisationFix, ReadThreads = options.ReadThreads });

    /// <summary>Tomogram ids (ordinal order), optionally limited to the label table or a list, then to the shard
    /// (which may be empty when there are more shards than tomograms).</summary>
    public static string[] TomogramIds(DatasetPredictOptions options) => TomogramIds(options, Source(options));

    private static string[] TomogramIds(DatasetPredictOptions options, TomogramDirectory data)
    {
        var ids = data.Tomograms.Select(t => t.TomoId).ToList();
        if (options.OnlyLabelled && options.Labels is { } gt) ids = ids.Where(id => gt.TryGet(id, out _)).ToList();
        if (options.TomoIds is { } wanted)
        {
            var missing = wanted.Where(w => !ids.Contains(w)).ToArray();
            if (missing.Length > 0) throw new MotorPickException($"tomograms not found in the data: {string.Join(", ", missing)}", data.Describe(), field: "--ids");
            ids = wanted.Order(StringComparer.Ordinal).ToList();
        }
        if (ids.Count == 0) throw new MotorPickException("no tomograms to predict (none of the data's tomograms is in the label table)", data.Describe(), field: "--only-labelled");
        // the work of a tomogram for shard balancing: its bytes on disk (voxels, near enough)
        if (options.Shard is { } shard) return [.. ShardAssignment.Select(ids, shard, id => data.Get(id).Bytes)];
        return [.. ids];
    }

    /// <summary>The file header's spacing, else the label table's, else the assumed one (<see cref="TomogramDirectory.Spacing"/>).</summary>
    private static double Spacing(DatasetPredictOptions options, TomogramDirectory data, string id) =>
        data.Spacing(id, options.Labels is { } gt && gt.TryGet(id, out var row) ? row.VoxelSpacing : null, options.AssumeSpacing, options.Labels?.Source);

    private static (Volume<byte> Volume, VolumeShape Shape, TimeSpan Time, VoxelType Type) LoadSpaced(TomogramDirectory data, DatasetPredictOptions options, double target, string id, double ori, CancellationToken cancellation)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // the data source applies the quantisation fix as it reads; the cache key names the fix it applied and the window
        using var reader = data.OpenVolume(id, VoxelSize.Isotropic(ori));
        // the models learnt 0..255 grey levels: any other type is mapped to them by the reference's percentile window
        var window = ModelInput.Window(reader.VoxelType);
        Volume<byte> Respace() => StreamingRespacer.Respace(reader, ori, target, QuantisationFix.None, options.ReadThreads, cancellation: cancellation, normalize: window);
        if (options.VolumeCache is not { } cache) return (Respace(), reader.Shape, clock.Elapsed, reader.VoxelType);
        var key = data.CacheKey(id, reader, ori, target);
        var (shape, planes) = cache.GetOrCreatePlanes(key, () =>
        {
            var v = Respace();
            return (v.Shape, v.Planes);
        }, out _);
        return (Volume<byte>.FromPlanes(shape, VoxelSize.Isotropic(target), planes), reader.Shape, clock.Elapsed, reader.VoxelType);
    }

    /// <summary>A finished tomogram's image statistics in the parts folder (beside the per-agg folders).</summary>
    private const string ImagePartSuffix = ".image.json";

    private static string Safe(string name) => string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
}
