using System.Runtime.Intrinsics;
using System.Diagnostics;
using System.Globalization;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Jpeg;
using MotorPick.Formats.Mrc;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Zarr;
using MotorPick.Portal.Processing;
using MotorPick.Volumes.Streaming;

// Volume benchmark (issue 3): MotorPick vs the reference's Python stack, each job in its own process.
//   dotnet run -c Release --project bench/MotorPick.Bench.Volumes -- run [workdir] [--repeats 3] [--only motorpick|python] [--jobs job1,job2]
//        (or bench/volumes/run.sh): alternating MotorPick / Python pairs, medians, the ratio table with the CPU named
//   ... -- gen <workdir> | job1 <in.mrc> <outdir> <voxelsize> | job2 <slicedir> <voxelsize>
//   ... -- publish <workdir> [repeats]: write a 300-slice 960x928 JPEG stack (the competition's size) and publish it,
//        timing the encoded-slice I/O alone and the whole writer (encode + write + publish, fsyncs included).
// Job 1: MRC float32 -> percentile normalise -> re-space 15.6 A -> 16 A -> uint8 JPEG slices.
// Job 2: JPEG slices -> uint8 volume at 16 A (in memory).
// Job 3: the portal ingest's processing step: OME-Zarr float32 (int8 values, 10 A) -> statistics, histogram, percentile
//        normalise -> re-space to 16 A -> uint8 JPEG slices.
return args.FirstOrDefault() switch
{
    "gen" => Gen(args[1]),
    "job1" => Job1(args[1], args[2], double.Parse(args[3], CultureInfo.InvariantCulture)),
    "job2" => Job2(args[1], double.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : null),
    "job3" => Job3(args[1], args[2], args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : null),
    "publish" => Publish(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3),
    "run" => Bench.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: run [workdir] [--repeats N] [--only motorpick|python] [--jobs job1,job2,job3] | gen <workdir> | job1 <in.mrc> <outdir> <voxelsize> | job2 <slicedir> <voxelsize> | job3 <in.zarr> <outdir>");
    return 2;
}

static int Gen(string dir)
{
    Directory.CreateDirectory(dir);
    var shape = new VolumeShape(300, 960, 928);
    var mrc = Path.Combine(dir, "tomo.mrc");
    if (!File.Exists(mrc))
    {
        using var w = new MrcWriter(mrc, shape, VoxelType.Float32, VoxelSize.Isotropic(15.6));
        var slab = new float[10 * shape.SectionVoxels];
        for (var z0 = 0; z0 < shape.Z; z0 += 10)
        {
            Parallel.For(0, 10, i => Synth.Plane(z0 + i, shape, slab.AsSpan((int)(i * shape.SectionVoxels), (int)shape.SectionVoxels)));
            w.WriteSlab<float>(slab);
        }
        w.Complete();
    }
    var slices = Path.Combine(dir, "slices", "tomo_bench");
    if (!Directory.Exists(slices))
    {
        // Job 2's input: the normalised volume at 15.6 A as JPEG slices (what the competition data looks like).
        using var reader = MrcReader.Open(mrc);
        var p = new VolumePipeline(reader, new VolumePipelineOptions { Normalize = PercentileWindow.Reference });
        using var writer = new JpegSliceStackWriter(slices, shape.Z, shape.Y, shape.X);
        p.Run(writer);
    }
    var zarr = Path.Combine(dir, "tomo.zarr");
    if (!Directory.Exists(zarr))
    {
        // Job 3's input: what the portal serves. Most portal float32 tomograms hold int8 values (reference 2.3, 97 %), here
        // the same structure scaled and rounded to them, at 10 A (a typical portal spacing), as an OME-Zarr level with the
        // portal's codec (blosc lz4 + shuffle, 256^3 chunks).
        using var reader = MrcReader.Open(mrc);
        using var writer = new OmeZarrWriter(zarr + ".tmp", shape, VoxelSize.Isotropic(10.0), new OmeZarrWriteOptions { Levels = 1 });
        var slab = new float[10 * shape.SectionVoxels];
        for (var z0 = 0; z0 < shape.Z; z0 += 10)
        {
            reader.ReadSlab<float>(z0, 10, slab);
            for (var i = 0; i < slab.Length; i++) slab[i] = MathF.Round(Math.Clamp(slab[i] * 40f, -128f, 127f));
            writer.WriteSlab<float>(slab);
        }
        writer.Complete();
        writer.Dispose();
        Directory.Move(zarr + ".tmp", zarr);
    }
    Console.WriteLine($"generated {mrc}, {slices} and {zarr}");
    return 0;
}

static int Publish(string dir, int repeats)
{
    var shape = new VolumeShape(300, 960, 928);
    var planes = new byte[shape.Z * shape.SectionVoxels];
    var plane = new float[shape.SectionVoxels];
    for (var z = 0; z < shape.Z; z++)
    {
        Synth.Plane(z, shape, plane);
        for (var i = 0; i < plane.Length; i++) planes[z * shape.SectionVoxels + i] = (byte)Math.Clamp(128 + 40 * plane[i], 0, 255);
    }
    var codec = NetVipsJpegCodec.Instance;
    var encoded = Enumerable.Range(0, shape.Z).Select(z => codec.EncodeGray(planes.AsSpan((int)(z * shape.SectionVoxels), (int)shape.SectionVoxels), shape.X, shape.Y, 95)).ToArray();
    for (var r = 0; r < repeats; r++)
    {
        var sw = Stopwatch.StartNew();
        using (var w = new JpegSliceStackWriter(Path.Combine(dir, "io"), shape.Z, shape.Y, shape.X))
        {
            Parallel.For(0, shape.Z, z => w.WriteEncoded(z, encoded[z]));
            w.Complete();
        }
        var io = sw.Elapsed.TotalSeconds;
        sw.Restart();
        using (var w = new JpegSliceStackWriter(Path.Combine(dir, "whole"), shape.Z, shape.Y, shape.X))
        {
            w.WriteSlices(0, planes);
            w.Complete();
        }
        Console.WriteLine($"publish 300 slices ({encoded.Sum(e => (long)e.Length) / 1e6:F1} MB): encoded-slice I/O {io:F3} s, whole writer {sw.Elapsed.TotalSeconds:F3} s");
    }
    return 0;
}

static int Job1(string mrc, string outDir, double voxelSize)
{
    var sw = Stopwatch.StartNew();
    using var reader = MrcReader.Open(mrc);
    var p = new VolumePipeline(reader, new VolumePipelineOptions { SourceVoxelSize = VoxelSize.Isotropic(voxelSize), TargetVoxelSize = 16, Normalize = PercentileWindow.Reference });
    p.Prepare();
    var tPct = sw.Elapsed.TotalSeconds;
    using var writer = new JpegSliceStackWriter(outDir, p.OutputShape.Z, p.OutputShape.Y, p.OutputShape.X);
    p.Run(writer);
    Console.WriteLine($"job1 shape={p.OutputShape} window={p.Window} percentile_s={tPct:F2} total_s={sw.Elapsed.TotalSeconds:F2} {Rss.Line()}");
    return 0;
}

static int Job3(string zarr, string outDir, long? slabVoxels)
{
    var sw = Stopwatch.StartNew();
    using var reader = OmeZarr.Open(zarr).OpenLevel(0);
    // the portal ingest's own pipeline (statistics, histogram, uint8-range detection, percentile window, re-spacing)
    var process = slabVoxels is { } sv ? new ProcessOptions { SlabVoxels = sv } : new ProcessOptions();
    var p = new VolumePipeline(reader, TomogramProcessor.PipelineOptions(10.0, portalFix: false, process));
    p.Prepare();
    var tScan = sw.Elapsed.TotalSeconds;
    using var writer = new JpegSliceStackWriter(outDir, p.OutputShape.Z, p.OutputShape.Y, p.OutputShape.X);
    p.Run(writer);
    Console.WriteLine($"job3 shape={p.OutputShape} window={p.Window} uint8_range={p.Profile!.DetectedAsUInt8Range} scan_s={tScan:F2} total_s={sw.Elapsed.TotalSeconds:F2} {Rss.Line()}");
    return 0;
}

static int Job2(string slices, double voxelSize, long? slabVoxels)
{
    var sw = Stopwatch.StartNew();
    using var stack = JpegSliceStack.Open(slices, voxelSize: VoxelSize.Isotropic(voxelSize));
    var options = new VolumePipelineOptions { TargetVoxelSize = 16 };
    if (slabVoxels is { } sv) options = options with { SlabVoxels = sv };
    var p = new VolumePipeline(stack, options);
    var volume = p.RunToVolume<byte>();
    var sum = ByteSum(volume.Data);
    Console.WriteLine($"job2 shape={volume.Shape} sum={sum} total_s={sw.Elapsed.TotalSeconds:F2} {Rss.Line()}");
    return 0;
}

/// <summary>The checksum both sides print (numpy's is vectorised, so this one is too: a scalar loop took 0.1 s of the job).</summary>
static long ByteSum(byte[] data)
{
    long sum = 0;
    var i = 0;
    if (System.Runtime.Intrinsics.X86.Avx2.IsSupported)
    {
        var acc = System.Runtime.Intrinsics.Vector256<ulong>.Zero;
        for (; i + 32 <= data.Length; i += 32)
        {
            var v = System.Runtime.Intrinsics.Vector256.Create<byte>(data.AsSpan(i, 32));
            acc += System.Runtime.Intrinsics.X86.Avx2.SumAbsoluteDifferences(v, System.Runtime.Intrinsics.Vector256<byte>.Zero).AsUInt64();
        }
        sum = (long)System.Runtime.Intrinsics.Vector256.Sum(acc);
    }
    for (; i < data.Length; i++) sum += data[i];
    return sum;
}

/// <summary>A deterministic synthetic tomogram slice: smooth structure plus hash noise (float32, mean ~0).</summary>
internal static class Synth
{
    public static void Plane(int z, VolumeShape s, Span<float> dst)
    {
        for (var y = 0; y < s.Y; y++)
        for (var x = 0; x < s.X; x++)
        {
            var smooth = MathF.Sin(x * 0.031f + z * 0.05f) * MathF.Cos(y * 0.027f - z * 0.02f);
            var h = (uint)(x * 73856093) ^ (uint)(y * 19349663) ^ (uint)(z * 83492791);
            h ^= h >> 13; h *= 0x5bd1e995; h ^= h >> 15;
            var noise = (h & 0xFFFF) / 65535f - 0.5f;
            dst[y * s.X + x] = 0.6f * smooth + 1.5f * noise;
        }
    }
}

internal static class Rss
{
    /// <summary>Peak resident set (VmHWM) of this process.</summary>
    public static string Line()
    {
        var hwm = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) ?? "VmHWM: ?";
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        return "peak_rss_kb=" + hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] + string.Create(CultureInfo.InvariantCulture, $" cpu_s={cpu:F2}");
    }
}
