// Format throughput benchmark: MRC, NPY and OME-Zarr read/write of a competition-median tomogram (default 300x960x928
// float32). Reads go into a preallocated, already touched array (best of 3, page cache warm), so that the numbers show
// the readers and not the cost of faulting in 1 GB of fresh memory, which is printed separately.
// Usage: dotnet run -c Release --project bench/MotorPick.Bench.Formats -- [dir] [z y x]
using System.Diagnostics;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Mrc;
using MotorPick.Formats.Npy;
using MotorPick.Formats.Zarr;

var dir = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "motorpick-bench-formats");
var shape = args.Length >= 4 ? new VolumeShape(int.Parse(args[1]), int.Parse(args[2]), int.Parse(args[3])) : new VolumeShape(300, 960, 928);
Directory.CreateDirectory(dir);
Console.WriteLine($"volume {shape} float32 ({shape.VoxelCount * 4 / 1e6:F0} MB), {Environment.ProcessorCount} cores, files in {dir}");

var data = new float[shape.VoxelCount];
Parallel.For(0, shape.Z, z =>
{
    var r = new Random(z);
    for (long i = z * shape.SectionVoxels; i < (z + 1) * shape.SectionVoxels; i++) data[i] = (float)(r.NextDouble() * 2 - 1 + Math.Sin(i * 1e-3));
});
var dest = new float[data.Length];
dest.AsSpan().Fill(1);
Stopwatch sw = Stopwatch.StartNew();
var fresh = GC.AllocateUninitializedArray<float>(data.Length);
fresh.AsSpan().Fill(1);
Console.WriteLine($"{"allocating and touching a fresh float32 array (no I/O)",-52} {sw.Elapsed.TotalSeconds,7:F3} s");
fresh = null;
var bytes = new sbyte[data.Length];
for (int i = 0; i < data.Length; i++) bytes[i] = (sbyte)(data[i] * 60);
double mb = shape.VoxelCount * 4 / 1e6;

void Row(string what, double seconds, double megabytes) =>
    Console.WriteLine($"{what,-52} {seconds,7:F3} s {megabytes / seconds,8:F0} MB/s");

double Best(Action a)
{
    double best = double.MaxValue;
    for (int i = 0; i < 3; i++)
    {
        var t = Stopwatch.StartNew();
        a();
        best = Math.Min(best, t.Elapsed.TotalSeconds);
    }
    return best;
}

void ReadInto(IVolumeReader r) => r.ReadSlab<float>(0, r.Shape.Z, dest);

var mrc = Path.Combine(dir, "bench.mrc");
sw = Stopwatch.StartNew();
MrcWriter.Write<float>(mrc, data, shape, VoxelSize.Isotropic(15.6));
Row("MRC write float32 (with header stats)", sw.Elapsed.TotalSeconds, mb);
Row("MRC read float32 (whole volume)", Best(() => { using var r = MrcReader.Open(mrc); ReadInto(r); }), mb);
if (!dest.AsSpan().SequenceEqual(data)) throw new Exception("MRC round trip differs");
var slab = new float[32 * shape.SectionVoxels];
Row("MRC read float32 in 32-section slabs", Best(() =>
{
    using var reader = MrcReader.Open(mrc);
    for (int z = 0; z < shape.Z; z += 32)
    {
        int n = Math.Min(32, shape.Z - z);
        reader.ReadSlab<float>(z, n, slab.AsSpan(0, (int)(n * shape.SectionVoxels)));
    }
}), mb);

var mrc8 = Path.Combine(dir, "bench8.mrc");
sw = Stopwatch.StartNew();
MrcWriter.Write<sbyte>(mrc8, bytes, shape, VoxelSize.Isotropic(15.6));
Row("MRC write int8", sw.Elapsed.TotalSeconds, mb / 4);
Row("MRC read int8 -> float32", Best(() => { using var r = MrcReader.Open(mrc8); ReadInto(r); }), mb / 4);

var npy = Path.Combine(dir, "bench.npy");
sw = Stopwatch.StartNew();
NpyWriter.Write<float>(npy, data, shape);
Row("NPY write float32", sw.Elapsed.TotalSeconds, mb);
Row("NPY read float32", Best(() => { using var r = NpyReader.Open(npy); ReadInto(r); }), mb);

var zarr = Path.Combine(dir, "bench.zarr");
sw = Stopwatch.StartNew();
OmeZarrWriter.Write(zarr, data, shape, VoxelSize.Isotropic(15.6));
Row("OME-Zarr write (3 levels, 256^3 blosc-lz4 shuffle)", sw.Elapsed.TotalSeconds, mb);
dest.AsSpan().Clear();
Row("OME-Zarr read level 0 (decode all chunks)", Best(() => ReadInto(OmeZarr.Open(zarr).OpenLevel(0))), mb);
if (!dest.AsSpan().SequenceEqual(data)) throw new Exception("zarr round trip differs");
Row("OME-Zarr read a 64^3 region (1 chunk decoded)", Best(() => OmeZarr.Open(zarr).OpenLevel(0).ReadRegion<float>(new VolumeRegion(100, 300, 300, 64, 64, 64))), 64 * 64 * 64 * 4 / 1e6);
Console.WriteLine($"zarr size on disk {Directory.GetFiles(zarr, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1e6:F0} MB");
foreach (var f in new[] { mrc, mrc8, npy }) File.Delete(f);
Directory.Delete(zarr, true);
