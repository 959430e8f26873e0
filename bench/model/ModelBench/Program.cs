// ModelBench: training-step throughput of a MotorPick preset in TorchSharp (the C# side of bench/model).
//   dotnet run -c Release --project bench/model/ModelBench -- --preset tiny --patch 64,128,128 --batch 2 --threads 2 --iters 10 --warmup 2
//   dotnet run -c Release --project bench/model/ModelBench -- --preset tiny --parity /tmp/parity.pt   (then torch_bench.py --parity)
// One step = forward + BCE-with-logits + backward + AdamW step (MotorPick's held-scalar AdamWOptimizer) on a uint8-valued float batch, like Trainer.
using System.Diagnostics;
using System.Globalization;
using MotorPick.Model;
using MotorPick.Model.Nn;
using MotorPick.Model.Training;
using TorchSharp;
using static TorchSharp.torch;

var opts = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i + 1 < args.Length; i += 2) opts[args[i].TrimStart('-')] = args[i + 1];
string Get(string k, string d) => opts.TryGetValue(k, out var v) ? v : d;
int GetInt(string k, int d) => int.Parse(Get(k, d.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

var preset = Get("preset", "tiny");
int stride = GetInt("stride", 16), batch = GetInt("batch", 2), threads = GetInt("threads", 2), iters = GetInt("iters", 10), warmup = GetInt("warmup", 2);
var patch = Get("patch", "64,128,128").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
TorchRuntime.SetThreads(threads);
bool keepHeap = GetInt("keep-heap", 1) == 1 && NativeHeap.KeepFreedMemory(); // as Trainer does (--keep-heap 0: glibc defaults + trims)
torch.manual_seed(0);
using var model = new HeatmapUNet3d(ModelPresets.Get(preset, stride));
// as Trainer does: every fast kernel is verified against plain libtorch on this machine before the first step.
// --simulate-depthwise-defect 1: a channels-last depthwise kernel with a wrong input gradient, as libtorch 2.10's on some
// AVX-512 CPUs, so the probe falls back there: the speed such a machine gets.
if (GetInt("simulate-depthwise-defect", 0) == 1)
    model.UseKernelProbe(new MotorPick.Model.Nn.Kernels.KernelProbe(conv: (x, w, b, s, c) =>
        MotorPick.Model.Nn.Kernels.FastKernels.Conv(c.ChannelsLast && s.IsDepthwise ? x.detach() : x, w, b, s, c), warn: _ => { }));
var verdicts = model.VerifyKernels(DeviceType.CPU);

if (opts.TryGetValue("parity", out var parityPath))
{
    model.eval();
    using var _ = no_grad();
    var x = randint(0, 256, [1, 1, patch[0], patch[1], patch[2]]).to_type(ScalarType.Float32);
    var y = model.call(x);
    var dict = new Dictionary<string, Tensor>(model.state_dict()) { ["__input__"] = x, ["__output__"] = y };
    TorchSharp.PyBridge.PyTorchPickler.PickleStateDict(parityPath, dict);
    Console.WriteLine($"wrote {parityPath}: {dict.Count - 2} tensors, output [{string.Join(", ", y.shape)}]");
    return;
}

var xb = randint(0, 256, [batch, 1, patch[0], patch[1], patch[2]]).to_type(ScalarType.Float32);
// --channels-last 1: NDHWC strides (what torch.channels_last_3d gives), so libtorch's oneDNN convolutions run channels-last
if (GetInt("channels-last", 0) == 1)
{
    xb = xb.permute(0, 2, 3, 4, 1).contiguous().permute(0, 4, 1, 2, 3);
    using (no_grad())
        foreach (var p in model.parameters().Where(p => p.dim() == 5))
            p.set_(p.permute(0, 2, 3, 4, 1).contiguous().permute(0, 4, 1, 2, 3));
}
using var opt = new AdamWOptimizer(model.named_parameters(), 0.9, 0.999, 1e-7, 0);
var yb = rand(new long[] { batch, 1, patch[0] / stride, patch[1] / stride, patch[2] / stride });
model.train();
var times = new List<double>();
int trimEvery = GetInt("trim", NativeHeap.TrainingTrimInterval), rssEvery = GetInt("rss-every", 0);
var parts = new double[3]; // forward + loss, backward, optimiser step (seconds, summed over the timed steps)
for (int i = 0; i < warmup + iters; i++)
{
    var sw = Stopwatch.StartNew();
    double t0, t1;
    using (var scope = NewDisposeScope())
    {
        opt.ZeroGrad();
        var loss = nn.functional.binary_cross_entropy_with_logits(model.call(xb), yb);
        t0 = sw.Elapsed.TotalSeconds;
        loss.backward();
        t1 = sw.Elapsed.TotalSeconds;
        opt.Step(5e-4);
    }
    if (trimEvery > 0 && (i + 1) % trimEvery == 0) NativeHeap.Trim(); // as Trainer does
    if (rssEvery > 0 && (i + 1) % rssEvery == 0)
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {i + 1} rss_mb {Environment.WorkingSet / (1 << 20)}"));
    if (i >= warmup)
    {
        double t = sw.Elapsed.TotalSeconds;
        times.Add(t);
        parts[0] += t0; parts[1] += t1 - t0; parts[2] += t - t1;
    }
}
double mean = times.Average();
long rssMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"engine=torchsharp-0.107.0/libtorch-2.10.0 preset={preset} params={model.ParameterCount()} patch={string.Join(',', patch)} batch={batch} threads={threads} " +
    $"step_ms_mean={mean * 1000:F1} step_ms_best={times.Min() * 1000:F1} steps_per_s={1 / mean:F3} peak_rss_mb={rssMb} " +
    $"channels_last={GetInt("channels-last", 0)} kernels_fast={verdicts.Count(v => v.Choice.ChannelsLast)} kernels_plain={verdicts.Count(v => !v.Choice.ChannelsLast)} " +
    $"keep_heap={(keepHeap ? 1 : 0)} kernels_fell_back={verdicts.Count(v => v.FellBack)} probe_ms={verdicts.Sum(v => v.Milliseconds):F0} forward_ms={parts[0] / iters * 1000:F1} backward_ms={parts[1] / iters * 1000:F1} optimizer_ms={parts[2] / iters * 1000:F1}"));
