using System.Collections.Concurrent;
using System.Diagnostics;
using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Inference.Aggregation;
using MotorPick.Inference.Coordinates;
using MotorPick.Inference.Decoding;
using MotorPick.Inference.Models;
using MotorPick.Inference.Respacing;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Volumes;
using MotorPick.Volumes.Geometry;
using MotorPick.Volumes.Intensity;

namespace MotorPick.Inference.Pipeline;

/// <summary>
/// Predicts motor candidates for one tomogram at a time (docs/reference.md 5.2-5.8): re-space while streaming, cut the windows
/// as they are needed, batch them, run every model under every TTA (windows are prepared on a second thread while
/// the model runs), invert the heatmaps, aggregate them per agg name at the heatmap stride, then sigmoid, optional blur,
/// decode and map back to original voxels. Not thread-safe (the models are not).
/// </summary>
public sealed class TomogramPredictor
{
    private sealed record Session(int Model, TtaCode Tta, float Weight, string Agg);

    private sealed record BatchItem(int Batch, int TtaIndex, float[] Input, VolumeShape Shape, int Count);

    private readonly IReadOnlyList<PredictModel> _models;
    private readonly Session[] _sessions;
    private readonly TtaCode[] _ttas;

    public TomogramPredictor(IReadOnlyList<PredictModel> models, PredictOptions options)
    {
        if (models.Count == 0) throw new MotorPickException("no model to predict with");
        if (options.Ttas.Count == 0) throw new MotorPickException("no TTA code given", field: "tta");
        if (options.BatchSize < 1) throw new MotorPickException($"batch size must be at least 1, got {options.BatchSize}", field: "batch");
        var first = models[0].Model.Card;
        foreach (var m in models.Skip(1))
        {
            var c = m.Model.Card;
            if (c.Patch != first.Patch || c.TargetSpacing != first.TargetSpacing)
                throw new MotorPickException(
                    $"model {m.Name} has patch {c.Patch} at {c.TargetSpacing} A, but {models[0].Name} has {first.Patch} at {first.TargetSpacing} A; models predicted together must agree");
        }
        foreach (var m in models)
            if (!(m.Weight > 0) || double.IsInfinity(m.Weight))
                throw new MotorPickException($"model '{m.Name}' has weight {m.Weight}; a heatmap weight must be a positive number", field: "weights");
        if (models.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != models.Count)
            throw new MotorPickException("model names must be distinct: " + string.Join(", ", models.Select(m => m.Name)));
        _models = models;
        Options = options;
        Patch = first.Patch;
        TargetSpacing = first.TargetSpacing;
        _ = options.BlurSigma(TargetSpacing); // a contradictory blur fails here, not after the first tomogram's windows
        _ttas = options.Ttas.DistinctBy(t => t.Code).ToArray();
        // Session order = the reference's: model-major, then its TTAs.
        _sessions = models.SelectMany((m, i) => _ttas.Select(t => new Session(i, t, (float)m.Weight,
            options.Ensemble == EnsembleMode.Heatmap ? "ensemble" : $"{m.Name}-{t.Code}"))).ToArray();
        AggNames = _sessions.Select(s => s.Agg).Distinct().ToArray();
    }

    public PredictOptions Options { get; }

    /// <summary>Window size in re-spaced voxels (from the model cards).</summary>
    public VolumeShape Patch { get; }

    /// <summary>Spacing the tomograms are re-spaced to, A.</summary>
    public double TargetSpacing { get; }

    /// <summary>The heatmaps/candidate lists each tomogram gets: "ensemble", or "&lt;model&gt;-&lt;tta&gt;" per model and TTA.</summary>
    public IReadOnlyList<string> AggNames { get; }

    /// <summary>Predicts a uint8 tomogram read from <paramref name="source"/> at <paramref name="oriSpacing"/> A.</summary>
    public TomogramPrediction Predict(IVolumeReader source, string tomoId, double oriSpacing, QuantisationFix fix = QuantisationFix.None,
        IProgress<PredictProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var respaceProgress = progress is null ? null
            : new SyncProgress<(int Done, int Total)>(p => progress.Report(new PredictProgress(tomoId, PredictStage.Respacing, p.Done, p.Total, 0)));
        var spaced = StreamingRespacer.Respace(source, oriSpacing, TargetSpacing, fix, Options.MaxDegreeOfParallelism, respaceProgress, cancellation);
        var respace = clock.Elapsed;
        var result = PredictSpaced(spaced, tomoId, source.Shape, oriSpacing, progress, cancellation);
        return result with { Timings = result.Timings with { Respace = respace, Total = result.Timings.Total + respace } };
    }

    /// <summary>Predicts an already re-spaced tomogram (at <see cref="TargetSpacing"/>).</summary>
    public TomogramPrediction PredictSpaced(Volume<byte> spaced, string tomoId, VolumeShape originalShape, double oriSpacing,
        IProgress<PredictProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var windows = SlidingWindow.Plan(spaced.Shape, Patch);
        var grid = new HeatmapGrid(spaced.Shape, Options.HeatmapStride, Patch);
        var accumulators = AggNames.ToDictionary(a => a, _ => new HeatmapAccumulator(grid, Options.Aggregate, Options.Precision));
        var batches = windows.Chunk(Options.BatchSize).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism };
        var patchVoxels = (int)Patch.VoxelCount;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var queue = new BlockingCollection<BatchItem>(boundedCapacity: 1);
        using var free = new BlockingCollection<float[]>();
        for (var i = 0; i < 3; i++) free.Add(new float[(long)Options.BatchSize * patchVoxels]);
        long prepareTicks = 0;

        var producer = Task.Run(() =>
        {
            try
            {
                var bytes = new byte[patchVoxels];
                var turned = new byte[patchVoxels];
                var patches = Enumerable.Range(0, Options.BatchSize).Select(_ => new byte[patchVoxels]).ToArray();
                for (var b = 0; b < batches.Length; b++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    for (var i = 0; i < batches[b].Length; i++) spaced.Crop(batches[b][i], patches[i]);
                    prepareTicks += Stopwatch.GetTimestamp() - t0;
                    for (var u = 0; u < _ttas.Length; u++)
                    {
                        var buffer = free.Take(stop.Token);
                        t0 = Stopwatch.GetTimestamp();
                        for (var i = 0; i < batches[b].Length; i++)
                        {
                            var src = patches[i];
                            if (!_ttas[u].IsIdentity) { _ttas[u].Apply(src, Patch, turned, parallel); src = turned; }
                            PatchBuffers.Widen(src, buffer, i * patchVoxels, parallel);
                        }
                        prepareTicks += Stopwatch.GetTimestamp() - t0;
                        queue.Add(new BatchItem(b, u, buffer, _ttas[u].TransformedShape(Patch), batches[b].Length), stop.Token);
                    }
                }
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, stop.Token);

        TimeSpan model = TimeSpan.Zero, aggregate = TimeSpan.Zero;
        var forwards = 0;
        var windowsDone = 0;
        var outputs = new (float[] Heatmap, VolumeShape Shape)[_sessions.Length][];
        try
        {
            foreach (var item in queue.GetConsumingEnumerable(stop.Token))
            {
                var tta = _ttas[item.TtaIndex];
                for (var s = 0; s < _sessions.Length; s++)
                {
                    if (_sessions[s].Tta.Code != tta.Code) continue;
                    var t0 = Stopwatch.GetTimestamp();
                    var heat = _models[_sessions[s].Model].Model.Forward(item.Input, item.Count, item.Shape);
                    model += Stopwatch.GetElapsedTime(t0);
                    forwards++;
                    t0 = Stopwatch.GetTimestamp();
                    if (heat.Batch != item.Count) throw new MotorPickException($"model {_models[_sessions[s].Model].Name} returned {heat.Batch} heatmaps for {item.Count} windows");
                    outputs[s] = new (float[], VolumeShape)[item.Count];
                    for (var i = 0; i < item.Count; i++)
                    {
                        var inverted = new float[heat.Shape.VoxelCount];
                        tta.Invert(heat.Item(i), heat.Shape, inverted);
                        outputs[s][i] = (inverted, tta.InvertedShape(heat.Shape));
                    }
                    aggregate += Stopwatch.GetElapsedTime(t0);
                }
                free.Add(item.Input);
                if (item.TtaIndex != _ttas.Length - 1) continue;

                // All TTAs of this batch ran: accumulate in the reference's order (window, then session).
                var t1 = Stopwatch.GetTimestamp();
                var batch = batches[item.Batch];
                for (var i = 0; i < batch.Length; i++)
                    for (var s = 0; s < _sessions.Length; s++)
                        accumulators[_sessions[s].Agg].Add(outputs[s][i].Heatmap, outputs[s][i].Shape, batch[i], _sessions[s].Weight);
                aggregate += Stopwatch.GetElapsedTime(t1);
                windowsDone += batch.Length;
                progress?.Report(new PredictProgress(tomoId, PredictStage.Windows, windowsDone, windows.Count, windowsDone / clock.Elapsed.TotalSeconds));
            }
            producer.GetAwaiter().GetResult();
        }
        catch
        {
            stop.Cancel();
            try { producer.Wait(); } catch (AggregateException) { /* the consumer's error is the one to report */ }
            throw;
        }

        progress?.Report(new PredictProgress(tomoId, PredictStage.Decoding, windows.Count, windows.Count, windows.Count / clock.Elapsed.TotalSeconds));
        var tDecode = Stopwatch.GetTimestamp();
        var decode = Options.Decode(TargetSpacing);
        var sigma = Options.BlurSigma(TargetSpacing);
        var candidates = new Dictionary<string, IReadOnlyList<Prediction>>(StringComparer.Ordinal);
        var heatmaps = new List<AggHeatmap>();
        foreach (var agg in AggNames)
        {
            var heat = accumulators[agg].Finish();
            if (sigma is { } sg)
            {
                GaussianBlur.Apply(heat, grid.Shape, sg);
                if (Options.Precision == HeatmapPrecision.Half) Fp16.RoundAll(heat);
            }
            var peaks = HeatmapDecoder.Decode(heat, grid.Shape, decode);
            candidates[agg] = ToCandidates(tomoId, peaks, oriSpacing);
            if (Options.KeepHeatmaps) heatmaps.Add(new AggHeatmap(agg, grid.Shape, heat));
        }
        var decodeTime = Stopwatch.GetElapsedTime(tDecode);
        progress?.Report(new PredictProgress(tomoId, PredictStage.Done, windows.Count, windows.Count, windows.Count / clock.Elapsed.TotalSeconds));
        var timings = new PredictTimings(TimeSpan.Zero, Stopwatch.GetElapsedTime(0, prepareTicks), model, aggregate, decodeTime, clock.Elapsed, windows.Count, forwards);
        return new TomogramPrediction(tomoId, originalShape, spaced.Shape, oriSpacing, candidates, heatmaps, timings);
    }

    /// <summary>Peaks to candidate rows in original voxels; a -1 row with conf 0.0 when there is none.</summary>
    public IReadOnlyList<Prediction> ToCandidates(string tomoId, IReadOnlyList<HeatmapPeak> peaks, double oriSpacing)
    {
        if (peaks.Count == 0) return [new Prediction(tomoId, Point3.None, 0.0)];
        var s = Options.HeatmapStride;
        var mode = Options.Coords;
        return peaks.Select(p => new Prediction(tomoId,
            new Point3(CoordinateMap.ToOriginal(p.Z, s, TargetSpacing, oriSpacing, mode),
                       CoordinateMap.ToOriginal(p.Y, s, TargetSpacing, oriSpacing, mode),
                       CoordinateMap.ToOriginal(p.X, s, TargetSpacing, oriSpacing, mode)),
            CoordinateMap.StoredConf(p.Conf, mode))).ToArray();
    }
}
