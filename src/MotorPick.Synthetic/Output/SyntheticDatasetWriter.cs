using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Jpeg;
using MotorPick.Formats.Mrc;
using MotorPick.Formats.Zarr;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic.Output;

/// <summary>Progress of <see cref="SyntheticDatasetWriter.Write"/>: one report per finished tomogram.</summary>
public sealed record SynthProgress(int Done, int Total, string TomoId, bool Skipped, TimeSpan Elapsed);

/// <summary>What a run wrote.</summary>
public sealed record SynthDatasetResult(string Root, int Tomograms, int Generated, int Skipped, int Motors, int LabelledMotors, TimeSpan Elapsed);

/// <summary>
/// Writes a synthetic data set in the competition layout (train/&lt;id&gt;/slice_%04d.jpg, train_labels.csv with the
/// simulated label defects, truth.csv with every motor, synth.json with every parameter), optionally with portal-style
/// MRC, OME-Zarr and ndjson points. Resumable: a tomogram whose record file exists (written after all its outputs)
/// is skipped, provided the directory was made with the same options.
/// </summary>
public static class SyntheticDatasetWriter
{
    /// <summary>Tomograms smaller than this are generated several at a time (one thread each).</summary>
    private const long SmallVoxels = 8_000_000;

    public static SynthDatasetResult Write(string root, SynthOptions options, SynthFormats formats = SynthFormats.Jpeg, int threads = 0,
        IProgress<SynthProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options.Count < 1) throw new MotorPickException($"count must be at least 1, got {options.Count}", field: "--count");
        if (options.LabelDrop is < 0 or > 1) throw new MotorPickException($"label drop must be in [0, 1], got {options.LabelDrop}", field: "--label-drop");
        if (options.LabelJitterA < 0) throw new MotorPickException($"label jitter must be >= 0 A, got {options.LabelJitterA}", field: "--label-jitter-a");
        if (options.Snr is <= 0) throw new MotorPickException($"SNR must be positive, got {options.Snr}", field: "--snr");
        if (threads <= 0) threads = Environment.ProcessorCount;
        formats |= SynthFormats.Jpeg;
        var sw = Stopwatch.StartNew();
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);
        CheckOrWriteOptions(root, options);

        var specs = TomogramGenerator.SampleAll(options);
        var done = 0;
        var skipped = 0;
        var gate = new object();
        void Finish(TomogramSpec spec, bool skip)
        {
            lock (gate)
            {
                done++;
                if (skip) skipped++;
                progress?.Report(new SynthProgress(done, specs.Count, spec.TomoId, skip, sw.Elapsed));
            }
        }

        var todo = new List<TomogramSpec>();
        foreach (var spec in specs)
        {
            if (IsComplete(root, spec, formats)) Finish(spec, true);
            else todo.Add(spec);
        }
        var small = todo.Where(s => s.VoxelCount < SmallVoxels).ToList();
        var large = todo.Where(s => s.VoxelCount >= SmallVoxels).ToList();
        Parallel.ForEach(small, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, spec =>
        {
            WriteTomogram(root, spec, formats, 1);
            Finish(spec, false);
        });
        foreach (var spec in large)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteTomogram(root, spec, formats, threads);
            Finish(spec, false);
        }

        var (motors, labelled) = WriteTables(root, specs, options);
        return new SynthDatasetResult(root, specs.Count, specs.Count - skipped, skipped, motors, labelled, sw.Elapsed);
    }

    /// <summary>Renders one tomogram and writes its files; the record file goes last.</summary>
    public static void WriteTomogram(string root, TomogramSpec spec, SynthFormats formats, int threads)
    {
        var tomo = TomogramGenerator.Render(spec, threads);
        WriteSlices(SynthLayout.SliceDirectory(root, spec.TomoId), tomo, threads);
        var shape = new VolumeShape(spec.Z, spec.Y, spec.X);
        var voxel = VoxelSize.Isotropic(spec.SpacingA);
        if ((formats & (SynthFormats.Mrc | SynthFormats.Zarr)) != 0)
        {
            var floats = tomo.ToPortalFloats();
            if (formats.HasFlag(SynthFormats.Mrc))
                MrcWriter.Write<float>(SynthLayout.Mrc(root, spec.TomoId), floats, shape, voxel, new MrcWriteOptions { Labels = ["MotorPick synthetic " + spec.TomoId] });
            if (formats.HasFlag(SynthFormats.Zarr))
            {
                var zarr = SynthLayout.Zarr(root, spec.TomoId);
                if (Directory.Exists(zarr)) Directory.Delete(zarr, recursive: true);
                OmeZarrWriter.Write(zarr, floats, shape, voxel, new OmeZarrWriteOptions { MaxDegreeOfParallelism = threads });
            }
            AtomicFile.WriteAllText(SynthLayout.Points(root, spec.TomoId), PointsNdjson(spec));
        }
        var record = new JsonObject
        {
            ["tomoId"] = spec.TomoId,
            ["formats"] = formats.ToString(),
            ["stats"] = new JsonObject
            {
                ["low"] = tomo.Low, ["high"] = tomo.High, ["mean"] = tomo.Mean, ["std"] = tomo.Std, ["signalStd"] = tomo.SignalStd,
            },
        };
        AtomicFile.WriteAllText(SynthLayout.Record(root, spec.TomoId), record.ToJsonString(SynthJson.Options));
    }

    private static void WriteSlices(string dir, SyntheticTomogram tomo, int threads)
    {
        var spec = tomo.Spec;
        var slice = spec.Y * spec.X;
        const int batch = 16;
        var buffer = new byte[batch * slice];
        using var writer = new JpegSliceStackWriter(dir, spec.Z, spec.Y, spec.X, maxDegreeOfParallelism: threads);
        for (var z0 = 0; z0 < spec.Z; z0 += batch)
        {
            var n = Math.Min(batch, spec.Z - z0);
            for (var i = 0; i < n; i++) tomo.QuantizeSlice(z0 + i, buffer.AsSpan(i * slice, slice));
            writer.WriteSlices(z0, buffer.AsMemory(0, n * slice));
        }
        writer.Complete();
    }

    /// <summary>The portal's point annotation lines: {"type": "point", "location": {"x", "y", "z"}} in voxels.</summary>
    public static string PointsNdjson(TomogramSpec spec)
    {
        var sb = new StringBuilder();
        foreach (var p in LabelSimulator.Truth(spec))
            sb.Append(CultureInfo.InvariantCulture, $"{{\"type\": \"point\", \"location\": {{\"x\": {PyFormat.Float(p.X)}, \"y\": {PyFormat.Float(p.Y)}, \"z\": {PyFormat.Float(p.Z)}}}}}\n");
        return sb.ToString();
    }

    private static bool IsComplete(string root, TomogramSpec spec, SynthFormats formats)
    {
        var record = SynthLayout.Record(root, spec.TomoId);
        if (!File.Exists(record)) return false;
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(record));
            if (!Enum.TryParse<SynthFormats>(node?["formats"]?.GetValue<string>(), out var had) || (had & formats) != formats) return false;
        }
        catch (JsonException)
        {
            return false;
        }
        return Directory.Exists(SynthLayout.SliceDirectory(root, spec.TomoId));
    }

    /// <summary>Refuses to resume into a directory whose volumes were generated with other options.</summary>
    private static void CheckOrWriteOptions(string root, SynthOptions options)
    {
        var path = SynthLayout.OptionsRecord(root);
        // Count may grow, and the label options only shape the tables (rewritten on every run): neither is part of the key.
        var volumes = options with { Count = 0, LabelDrop = 0, LabelJitterA = 0 };
        var key = JsonSerializer.Serialize(new { generatorVersion = TomogramGenerator.Version, options = volumes }, SynthJson.Options);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path);
            if (existing != key)
                throw new MotorPickException("the directory holds a synthetic data set made with other options (seed, preset or parameters); " +
                    "use another --out or delete it", path);
            return;
        }
        AtomicFile.WriteAllText(path, key);
    }

    private static (int Motors, int Labelled) WriteTables(string root, IReadOnlyList<TomogramSpec> specs, SynthOptions options)
    {
        var ordered = specs.OrderBy(s => s.TomoId, StringComparer.Ordinal).ToList();
        var truth = new List<TomogramLabels>();
        var train = new List<TomogramLabels>();
        var records = new JsonArray();
        int motors = 0, labelled = 0;
        foreach (var spec in ordered)
        {
            var shape = new TomoShape(spec.Z, spec.Y, spec.X);
            var sim = LabelSimulator.Simulate(spec, options);
            var kept = sim.Where(l => !l.Dropped).Select(l => l.Labelled!.Value).ToList();
            truth.Add(new TomogramLabels(spec.TomoId, shape, spec.SpacingA, sim.Select(l => l.Truth).ToList()));
            train.Add(new TomogramLabels(spec.TomoId, shape, spec.SpacingA, kept));
            motors += sim.Count;
            labelled += kept.Count;
            var node = JsonSerializer.SerializeToNode(spec, SynthJson.Options)!.AsObject();
            node["truthVoxels"] = ToJson(sim.Select(l => l.Truth));
            node["trainLabelVoxels"] = ToJson(kept);
            node["droppedMotors"] = new JsonArray(sim.Where(l => l.Dropped).Select(l => (JsonNode)l.MotorIndex).ToArray());
            var record = SynthLayout.Record(root, spec.TomoId);
            if (File.Exists(record)) node["stats"] = JsonNode.Parse(File.ReadAllText(record))?["stats"]?.DeepClone();
            records.Add(node);
        }
        TrainLabelsFile.Write(Path.Combine(root, SynthLayout.Truth), TrainLabelsTable.FromTomograms(truth));
        TrainLabelsFile.Write(Path.Combine(root, SynthLayout.TrainLabels), TrainLabelsTable.FromTomograms(train));
        var manifest = new JsonObject
        {
            ["generator"] = "MotorPick.Synthetic",
            ["formatVersion"] = 1,
            ["generatorVersion"] = TomogramGenerator.Version,
            ["options"] = JsonSerializer.SerializeToNode(options, SynthJson.Options),
            ["tomograms"] = records,
        };
        AtomicFile.WriteAllText(Path.Combine(root, SynthLayout.Manifest), manifest.ToJsonString(SynthJson.Options));
        return (motors, labelled);
    }

    private static JsonArray ToJson(IEnumerable<Point3> points) =>
        new(points.Select(p => (JsonNode)new JsonArray(p.Z, p.Y, p.X)).ToArray());
}
