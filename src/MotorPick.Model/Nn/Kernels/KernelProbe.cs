using System.Collections.Concurrent;
using System.Diagnostics;
using MotorPick.Core.Machine;
using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Nn.Kernels;

/// <summary>Runs a convolution the way <paramref name="choice"/> says (layout and compute type); output in the input's type.</summary>
public delegate Tensor ConvKernel(Tensor x, Tensor weight, Tensor? bias, ConvSignature signature, KernelChoice choice);

/// <summary>Runs a max pooling the way <paramref name="choice"/> says; output contiguous.</summary>
public delegate Tensor PoolKernel(Tensor x, PoolSignature signature, KernelChoice choice);

/// <summary>
/// Verifies every speed trick on the machine that runs it before using it. For each distinct operation signature a
/// model uses, a small probe runs the faster path (channels-last kernels, a mixed-precision type) and the plain path
/// (contiguous float32 libtorch) on the same random data and compares the output, the input gradient and the
/// weight and bias gradients, relative to each one's largest magnitude. A path that disagrees is not used for that
/// signature, and one warning line says which operation fell back and why. Why: libtorch 2.10's channels-last
/// depthwise conv3d backward returns wrong input gradients on some AVX-512 CPUs while it is right on AVX2 ones, so a
/// kernel that is right on the developer's machine can silently train on wrong gradients on the user's.
/// Verdicts are cached per process; the probe uses its own random generator, so it never changes a seeded run.
/// </summary>
public sealed class KernelProbe
{
    /// <summary>Largest accepted difference relative to the largest magnitude of the plain result. A correct float32
    /// kernel differs by ~1e-6 (summation order); the AVX-512 defect by 0.25 to 1.</summary>
    public const double Float32Tolerance = 1e-3;

    /// <summary>The same for a float16 result against float32 (10-bit mantissa, inputs rounded).</summary>
    public const double Float16Tolerance = 2e-2;

    /// <summary>The same for a bfloat16 result against float32 (7-bit mantissa).</summary>
    public const double BFloat16Tolerance = 8e-2;

    private const ulong Seed = 0x4D6F746F72; // the probe's own generator: a seeded training run draws the same numbers with or without probing

    private readonly ConcurrentDictionary<KernelSignature, Lazy<KernelVerdict>> verdicts = new();
    private readonly ConvKernel convKernel;
    private readonly PoolKernel poolKernel;
    private readonly Action<string>? warn;

    /// <param name="conv">The convolution implementation (default: <see cref="FastKernels.Conv"/>); tests inject a wrong one.</param>
    /// <param name="pool">The pooling implementation (default: <see cref="FastKernels.MaxPool"/>).</param>
    /// <param name="warn">Where a fall-back is reported (default: <see cref="EngineWarnings"/>).</param>
    /// <param name="allowFast">False: every operation runs the plain path, unprobed (the reference run of tests).</param>
    public KernelProbe(ConvKernel? conv = null, PoolKernel? pool = null, Action<string>? warn = null, bool allowFast = true)
    {
        convKernel = conv ?? FastKernels.Conv;
        poolKernel = pool ?? FastKernels.MaxPool;
        this.warn = warn;
        AllowFast = allowFast;
    }

    /// <summary>The probe every model uses unless told otherwise.</summary>
    public static KernelProbe Shared { get; } = new();

    /// <summary>A probe that never takes a faster path: contiguous float32 (or the requested type) everywhere.</summary>
    public static KernelProbe PlainOnly { get; } = new(allowFast: false);

    public bool AllowFast { get; }

    /// <summary>Every verdict reached so far in this process, in no particular order.</summary>
    public IReadOnlyList<KernelVerdict> Verdicts => verdicts.Values.Where(v => v.IsValueCreated).Select(v => v.Value).ToList();

    /// <summary>Runs the convolution on the path verified for its signature (probing it first if it is new).</summary>
    public Tensor Conv(Tensor x, Tensor weight, Tensor? bias, ConvSignature signature) =>
        convKernel(x, weight, bias, signature, Choose(signature).Choice);

    /// <summary>Runs the max pooling on the path verified for its signature.</summary>
    public Tensor MaxPool(Tensor x, PoolSignature signature) => poolKernel(x, signature, Choose(signature).Choice);

    /// <summary>The verdict for <paramref name="signature"/>, probing it once per process.</summary>
    public KernelVerdict Choose(KernelSignature signature) =>
        verdicts.GetOrAdd(signature, s => new Lazy<KernelVerdict>(() => Probe(s), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private KernelVerdict Probe(KernelSignature signature)
    {
        var watch = Stopwatch.StartNew();
        var candidates = Candidates(signature);
        if (candidates.Count == 1) return new KernelVerdict(signature, candidates[0], false, null, 0);

        // the probe needs gradients whatever mode the caller runs in (inference, no_grad), and frees all it makes
        using var scope = NewDisposeScope();
        using var inference = inference_mode(false);
        using var grad = enable_grad(true);
        var device = new Device(signature.Device);
        using var generator = new Generator(Seed, device);
        var (reference, run) = signature switch
        {
            ConvSignature c => ConvCase(c, device, generator),
            PoolSignature p => PoolCase(p, device, generator),
            _ => throw new ArgumentException($"unknown signature {signature}", nameof(signature)),
        };

        var rejected = new List<string>();
        foreach (var choice in candidates.Take(candidates.Count - 1))
        {
            var failure = Disagreement(reference, run(choice), Tolerance(choice.ComputeType));
            if (failure is null)
                return Verdict(signature, choice, rejected, watch);
            rejected.Add($"{choice.Describe()}: {failure}");
        }
        return Verdict(signature, candidates[^1], rejected, watch);
    }

    private KernelVerdict Verdict(KernelSignature signature, KernelChoice choice, List<string> rejected, Stopwatch watch)
    {
        var verdict = new KernelVerdict(signature, choice, rejected.Count > 0, rejected.Count > 0 ? string.Join("; ", rejected) : null, watch.Elapsed.TotalMilliseconds);
        if (verdict.FellBack)
            (warn ?? EngineWarnings.Warn)($"{signature.Describe()} runs on the {choice.Describe()} path: the faster path disagreed with plain libtorch on this machine ({verdict.Reason})");
        return verdict;
    }

    /// <summary>The paths to try, fastest first; the last is the plain one and needs no check against itself.</summary>
    private List<KernelChoice> Candidates(KernelSignature signature)
    {
        var list = new List<KernelChoice>();
        switch (signature)
        {
            case ConvSignature c:
                if (AllowFast && FastKernels.ChannelsLastPays(c.Device, c.InChannels)) list.Add(new KernelChoice(true, c.ComputeType));
                list.Add(new KernelChoice(false, c.ComputeType));
                // float32 is the last resort of a reduced type that disagrees; plain-only keeps the requested type
                if (AllowFast && c.ComputeType != ScalarType.Float32) list.Add(new KernelChoice(false, ScalarType.Float32));
                break;
            case PoolSignature p:
                if (AllowFast && FastKernels.ChannelsLastPays(p.Device, p.Channels)) list.Add(new KernelChoice(true, ScalarType.Float32));
                list.Add(new KernelChoice(false, ScalarType.Float32));
                break;
        }
        return list;
    }

    private static double Tolerance(ScalarType type) => type switch
    {
        ScalarType.Float16 => Float16Tolerance,
        ScalarType.BFloat16 => BFloat16Tolerance,
        _ => Float32Tolerance,
    };

    /// <summary>One probe case: the plain float32 results, and a function giving the same results on another path.</summary>
    private (Tensor?[] Reference, Func<KernelChoice, Tensor?[]> Run) ConvCase(ConvSignature s, Device device, Generator g)
    {
        // two 8x12x10 samples (where the AVX-512 defect shows) unless the layer is so wide that the probe would cost
        // more than ~0.1 GFLOP; then one sample of the smallest input that still gives an output along every axis
        double flopsPerVoxel = 2.0 * s.InChannels / s.Groups * s.OutChannels * s.Kernel.Item1 * s.Kernel.Item2 * s.Kernel.Item3;
        bool wide = 2 * 8 * 12 * 10 * flopsPerVoxel > MaxProbeFlops;
        long[] size = wide
            ? [1, s.InChannels, Extent(0, s.Kernel.Item1, s.Stride.Item1 - 1), Extent(0, s.Kernel.Item2, s.Stride.Item2 - 1), Extent(0, s.Kernel.Item3, s.Stride.Item3 - 1)]
            : [2, s.InChannels, Extent(8, s.Kernel.Item1, s.Stride.Item1), Extent(12, s.Kernel.Item2, s.Stride.Item2), Extent(10, s.Kernel.Item3, s.Stride.Item3)];
        var x = randn(size, float32, device, generator: g);
        long fanIn = s.InChannels / s.Groups * s.Kernel.Item1 * s.Kernel.Item2 * s.Kernel.Item3;
        using var scale = (1.0 / Math.Sqrt(fanIn)).ToScalar();
        var w = randn([s.OutChannels, s.InChannels / s.Groups, s.Kernel.Item1, s.Kernel.Item2, s.Kernel.Item3], float32, device, generator: g).mul_(scale);
        var b = s.Bias ? randn([s.OutChannels], float32, device, generator: g) : null;
        Tensor? upstream = null;
        Tensor?[] Run(KernelChoice choice, bool plain)
        {
            var xi = x.detach().clone().requires_grad_(true);
            var wi = w.detach().clone().requires_grad_(true);
            var bi = b?.detach().clone().requires_grad_(true);
            var y = plain ? FastKernels.Plain(xi, wi, bi, s) : convKernel(xi, wi, bi, s, choice);
            upstream ??= randn(y.shape, float32, device, generator: g);
            y.backward([upstream]);
            return bi is null ? [y.detach(), xi.grad, wi.grad] : [y.detach(), xi.grad, wi.grad, bi.grad]; // a missing gradient is a disagreement
        }
        var reference = Run(new KernelChoice(false, ScalarType.Float32), plain: true);
        return (reference, choice => Run(choice, plain: false));
    }

    private (Tensor?[] Reference, Func<KernelChoice, Tensor?[]> Run) PoolCase(PoolSignature s, Device device, Generator g)
    {
        long[] size = [2, s.Channels, Extent(8, s.Kernel, s.Stride), Extent(12, s.Kernel, s.Stride), Extent(10, s.Kernel, s.Stride)];
        var x = randn(size, float32, device, generator: g);
        Tensor? upstream = null;
        Tensor?[] Run(Func<Tensor, Tensor> pool)
        {
            var xi = x.detach().clone().requires_grad_(true);
            var y = pool(xi);
            upstream ??= randn(y.shape, float32, device, generator: g);
            y.backward([upstream]);
            return [y.detach(), xi.grad];
        }
        var reference = Run(xi => FastKernels.PlainMaxPool(xi, s));
        return (reference, choice => Run(xi => poolKernel(xi, s, choice)));
    }

    private const double MaxProbeFlops = 1e8;

    /// <summary>The preferred extent, at least <paramref name="kernel"/> + <paramref name="extra"/> (kernel + stride: two outputs along the axis, padding aside).</summary>
    private static long Extent(long preferred, long kernel, long extra) => Math.Max(preferred, kernel + extra);

    private static readonly string[] Parts = ["output", "input gradient", "weight gradient", "bias gradient"];

    /// <summary>Null when every tensor agrees with the reference; else the worst part and its relative difference.</summary>
    private static string? Disagreement(Tensor?[] reference, Tensor?[] candidate, double tolerance)
    {
        for (int i = 0; i < reference.Length; i++)
        {
            var want = reference[i] ?? throw new InvalidOperationException($"the plain path gave no {Parts[i]}");
            if (candidate[i] is null) return $"{Parts[i]} missing";
            var got = candidate[i]!.to(float32);
            if (!got.isfinite().all().item<bool>()) return $"{Parts[i]} has NaN or infinity";
            double scale = Math.Max(want.abs().max().item<float>(), 1e-12);
            double diff = got.add(want, TorchScalars.MinusOne).abs().max().item<float>(); // not got - want: its alpha is a temporary Scalar
            if (diff > tolerance * scale)
                return $"{Parts[i]} off by {diff:g3}, {diff / scale:P1} of its largest value {scale:g3}";
        }
        return null;
    }
}
