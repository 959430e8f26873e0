// OpBench: forward + backward time of single operations of the tiny preset, contiguous (NCDHW) against channels-last
// (NDHWC) in TorchSharp/libtorch 2.10; opbench.py times the same in Debian's PyTorch. Found why the tiny preset trained
// slower than in PyTorch: contiguous small-channel convolutions and max pooling (see ChannelsLastConv3d).
//   dotnet run -c Release --project bench/model/OpBench -- 2        (threads)
//   /usr/bin/python3 bench/model/OpBench/opbench.py 2
using System;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

int threads = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2;
MotorPick.Model.TorchRuntime.SetThreads(threads);
Console.WriteLine($"libtorch 2.10 (TorchSharp 0.107), {threads} threads; ms per forward + backward (mean of 20 after 3)");

static Tensor ChannelsLast(Tensor t) => t.permute(0, 2, 3, 4, 1).contiguous().permute(0, 4, 1, 2, 3);

static void Time(string name, Func<Tensor> f)
{
    for (int i = 0; i < 3; i++) { using var s = NewDisposeScope(); f().sum().backward(); }
    var sw = Stopwatch.StartNew();
    const int n = 20;
    for (int i = 0; i < n; i++) { using var s = NewDisposeScope(); f().sum().backward(); }
    Console.WriteLine($"{name,-36} {sw.Elapsed.TotalMilliseconds / n,8:F2}");
}

manual_seed(0);
foreach (var cl in new[] { false, true })
{
    Tensor Input(params long[] shape) { var t = randn(shape); return (cl ? ChannelsLast(t) : t).requires_grad_(true); }
    var big = Input(2, 8, 32, 64, 64);   // the stem's output (stride 2) of a 64x128x128 patch, batch 2
    var mid = Input(2, 8, 16, 32, 32);   // layer1 (stride 4)
    var small = Input(2, 16, 8, 16, 16); // layer2 (stride 8)
    using var conv1x1 = nn.Conv3d(8, 8, 1, bias: false);
    using var conv3 = nn.Conv3d(8, 8, 3, padding: 1, bias: false);
    using var conv3b = nn.Conv3d(16, 16, 3, padding: 1, bias: false);
    using var bn = nn.BatchNorm3d(8);
    string tag = cl ? "channels-last " : "contiguous    ";
    Time(tag + "conv 1x1x1 8ch 32x64x64", () => conv1x1.call(big));
    Time(tag + "conv 3x3x3 8ch 16x32x32", () => conv3.call(mid));
    Time(tag + "conv 3x3x3 16ch 8x16x16", () => conv3b.call(small));
    Time(tag + "max pool 3/2 32x64x64", () => nn.functional.max_pool3d(big, [3, 3, 3], [2, 2, 2], [1, 1, 1]));
    Time(tag + "batch norm 32x64x64", () => bn.call(big));
    Time(tag + "avg pool 8 32x64x64", () => nn.functional.avg_pool3d(big, [8, 8, 8], [8, 8, 8]));
    Time(tag + "trilinear x2 8x16x16", () => nn.functional.interpolate(small, size: [16, 32, 32], mode: InterpolationMode.Trilinear, align_corners: false));
}
