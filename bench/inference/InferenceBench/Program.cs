// Inference benchmarks for issue 7 (numbers go into the closing note; not a test).
//   pipeline --shape 300,960,928 --spacing 15.6 --engine torch|onnx|pool [--model card.json|x.onnx] [--patch 224,448,448]
//       one tomogram through TomogramPredictor: re-spacing, windows, TTA, aggregation, decode vs model time; peak RSS.
//   forward --engine torch|onnx --model ... --patch 224,448,448 --iters 3   forward time on the deterministic window.
//   checkpoint [--preset tiny] [--out bench/out/inference/<preset>] [--patch 224,448,448]   a seeded checkpoint <preset>.json + <preset>.pt.
//   export --model <preset>.json --out <preset>.onnx   MotorPick's own ONNX export (what train writes and predict runs).
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Access;
using System.Diagnostics;
using MotorPick.Inference.Models;
using MotorPick.Inference.Onnx;
using MotorPick.Inference.Pipeline;
using MotorPick.Inference.Torch;
using MotorPick.Model.Nn;
using ModelCheckpoint = MotorPick.Model.Training.ModelCheckpoint;
using ModelCard = MotorPick.Volumes.Geometry.ModelCard;
using MotorPick.Volumes;
using MotorPick.Volumes.Streaming;
using TorchSharp;

var mode = args.Length > 0 ? args[0] : "pipeline";
var opts = new Dictionary<string, string>();
for (var i = 1; i + 1 < args.Length; i += 2) opts[args[i].TrimStart('-')] = args[i + 1];
string Opt(string k, string d) => opts.TryGetValue(k, out var v) ? v : d;
int[] Ints(string k, string d) => Opt(k, d).Split(',').Select(int.Parse).ToArray();
var threads = int.Parse(Opt("threads", "2"));
var patchA = Ints("patch", "224,448,448");
var patch = new VolumeShape(patchA[0], patchA[1], patchA[2]);

IHeatmapModel Open(string engine) => engine switch
{
    "torch" => TorchHeatmapModel.Load(Opt("model", "bench/out/inference/tiny/tiny.json"), "cpu", threads),
    "onnx" => OnnxHeatmapModel.Load(Opt("model", "bench/out/inference/tiny/tiny.onnx"),
        new ModelCard { Name = "tiny", Stride = 16, TargetSpacing = 16, PatchSize = patchA }, new OnnxOptions { Threads = threads }),
    "pool" => new PoolModel(16, patch),
    _ => throw new ArgumentException("engine: torch|onnx|pool"),
};

switch (mode)
{
    case "checkpoint":
    {
        var preset = Opt("preset", "tiny");
        var dir = Opt("out", $"bench/out/inference/{preset}");
        torch.manual_seed(7);
        var net = new HeatmapUNet3d(ModelPresets.Get(preset));
        net.eval();
        var card = new MotorPick.Model.Training.CheckpointCard { Model = net.Spec, Patch = patchA, TargetSpacing = 16 };
        var path = ModelCheckpoint.Save(dir, preset, net, card);
        TorchSharp.PyBridge.PyTorchPickler.PickleStateDict(Path.Combine(dir, $"{preset}.pt"), new Dictionary<string, torch.Tensor>(net.state_dict()));
        Console.WriteLine($"wrote {path} and {preset}.pt ({net.ParameterCount()} parameters)");
        break;
    }
    case "export":
    {
        var sw = Stopwatch.StartNew();
        var r = MotorPick.Model.Export.OnnxExport.ExportCheckpoint(Opt("model", "bench/out/inference/tiny/tiny.json"), Opt("out", "bench/out/inference/tiny/tiny.onnx"));
        Console.WriteLine($"wrote {r.ModelPath} ({r.Bytes / 1048576.0:F1} MiB, {r.Nodes} nodes) in {sw.Elapsed.TotalSeconds:F1} s");
        break;
    }
    case "forward":
    {
        using var model = Open(Opt("engine", "torch"));
        var window = Window(patch);
        var times = new List<double>();
        HeatmapBatch? last = null;
        var iters = int.Parse(Opt("iters", "3"));
        for (var i = 0; i < iters + 1; i++)
        {
            var sw = Stopwatch.StartNew();
            last = model.Forward(window, 1, patch);
            if (i > 0) times.Add(sw.Elapsed.TotalMilliseconds);
        }
        var checksum = last!.Logits.Sum(v => (double)v);
        Console.WriteLine($"engine={Opt("engine", "torch")} patch={patch} threads={threads} forward_ms_mean={times.Average():F0} forward_ms_best={times.Min():F0} " +
                          $"out={last.Shape} logit_sum={checksum:F4} logit0={last.Logits[0]:F6} peak_rss_mb={PeakRssMb():F0}");
        if (opts.TryGetValue("dump", out var dump)) File.WriteAllBytes(dump, System.Runtime.InteropServices.MemoryMarshal.AsBytes(last.Logits.AsSpan()).ToArray());
        break;
    }
    case "pipeline":
    {
        var s = Ints("shape", "300,960,928");
        var shape = new VolumeShape(s[0], s[1], s[2]);
        var spacing = double.Parse(Opt("spacing", "15.6"), System.Globalization.CultureInfo.InvariantCulture);
        // Planes are generated when read, like a JPEG stack decoded slab by slab: the raw volume is never held.
        using var reader = new ProceduralReader(shape, spacing);
        using var model = Open(Opt("engine", "pool"));
        var predictor = new TomogramPredictor([new PredictModel(model, "m")], new PredictOptions
        {
            Ttas = MotorPick.Volumes.Geometry.TtaCode.ParseList(Opt("tta", "zyx")),
            MaxDegreeOfParallelism = threads,
            BatchSize = int.Parse(Opt("batch", "1")),
        });
        var r = predictor.Predict(reader, "bench", spacing);
        var t = r.Timings;
        var overhead = t.Total - t.Model;
        Console.WriteLine($"engine={Opt("engine", "pool")} shape={shape} spaced={r.SpacedShape} windows={t.Windows} forwards={t.Forwards} threads={threads}");
        Console.WriteLine($"  respace {t.Respace.TotalSeconds:F2} s | prepare (crop+TTA+widen, overlapped) {t.Prepare.TotalSeconds:F2} s | model {t.Model.TotalSeconds:F2} s | " +
                          $"invert+aggregate {t.Aggregate.TotalSeconds:F3} s | decode {t.Decode.TotalSeconds:F3} s | total {t.Total.TotalSeconds:F2} s");
        Console.WriteLine($"  overhead (total - model) {overhead.TotalSeconds:F2} s = {100 * overhead / t.Model:F1} % of model compute; " +
                          $"candidates {r.Candidates["ensemble"].Count}; peak RSS {PeakRssMb():F0} MB");
        break;
    }
    default:
        throw new ArgumentException("mode: pipeline|forward|checkpoint");
}

// The deterministic window every engine sees: (i * 37 + i / 4099) mod 256.
static float[] Window(VolumeShape p)
{
    var w = new float[p.VoxelCount];
    for (long i = 0; i < w.Length; i++) w[i] = (i * 37 + i / 4099) % 256;
    return w;
}

static double PeakRssMb() => Status("VmHWM");
// "VmHWM:\t 6894000 kB", but "VmHWM:\t10123456 kB" from 10 GB on: the tab separates too
static double Status(string key) =>
    File.ReadLines("/proc/self/status").Where(l => l.StartsWith(key + ":")).Select(l => double.Parse(l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).FirstOrDefault();

/// <summary>A near-free stand-in network (mean pooling at the stride), to measure the pipeline alone.</summary>
sealed class PoolModel(int stride, VolumeShape patch) : IHeatmapModel
{
    public ModelCard Card { get; } = new() { Name = "pool", Stride = stride, TargetSpacing = 16, PatchSize = [patch.Z, patch.Y, patch.X] };

    public HeatmapBatch Forward(float[] input, int batch, VolumeShape p)
    {
        var o = new VolumeShape(p.Z / stride, p.Y / stride, p.X / stride);
        var logits = new float[batch * o.VoxelCount];
        for (var n = 0; n < batch; n++)
            Parallel.For(0, o.Z, z =>
            {
                for (var y = 0; y < o.Y; y++)
                    for (var x = 0; x < o.X; x++)
                    {
                        var sum = 0f;
                        for (var a = 0; a < stride; a += 4)
                            for (var b = 0; b < stride; b += 4)
                                sum += input[n * p.VoxelCount + ((long)(z * stride + a) * p.Y + y * stride + b) * p.X + x * stride];
                        logits[n * o.VoxelCount + (z * o.Y + y) * o.X + x] = sum / 16 / 64 - 2;
                    }
            });
        return new HeatmapBatch(logits, batch, o, stride);
    }

    public void Dispose() { }
}

/// <summary>A uint8 "tomogram" computed plane by plane (smooth pattern plus hashed noise).</summary>
sealed class ProceduralReader(VolumeShape shape, double spacing) : IVolumeReader
{
    public string Source => "procedural";
    public VolumeShape Shape => shape;
    public VoxelType VoxelType => VoxelType.UInt8;
    public VoxelSize VoxelSize => VoxelSize.Isotropic(spacing);

    public void ReadSlab<T>(int z0, int zCount, Span<T> destination) where T : unmanaged
    {
        var section = (int)shape.SectionVoxels;
        var plane = new byte[section];
        for (var k = 0; k < zCount; k++)
        {
            var z = z0 + k;
            for (var y = 0; y < shape.Y; y++)
                for (var x = 0; x < shape.X; x++)
                {
                    var h = (uint)(x * 73856093 ^ y * 19349663 ^ z * 83492791);
                    h ^= h >> 13; h *= 0x5bd1e995; h ^= h >> 15;
                    plane[y * shape.X + x] = (byte)(100 + ((x / 40 + y / 40 + z / 20) % 3) * 20 + (h % 32));
                }
            if (typeof(T) == typeof(byte)) plane.CopyTo(System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(destination.Slice(k * section, section)));
            else
            {
                var f = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(destination.Slice(k * section, section));
                for (var i = 0; i < section; i++) f[i] = plane[i];
            }
        }
    }

    public void Dispose() { }
}
