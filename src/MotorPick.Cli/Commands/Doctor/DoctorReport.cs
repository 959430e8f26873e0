using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using MotorPick.Core.Machine;
using MotorPick.Formats.Jpeg;
using MotorPick.Inference.Onnx;
using MotorPick.Model;
using MotorPick.Model.Nn;
using MotorPick.Model.Nn.Kernels;
using SkiaSharp;
using TorchSharp;

namespace MotorPick.Cli.Commands.Doctor;

/// <summary>How a fact bears on what the user asked for.</summary>
public enum FactStatus
{
    /// <summary>Present and working.</summary>
    Ok,

    /// <summary>Absent, but nothing asked for needs it.</summary>
    Missing,

    /// <summary>Works, more slowly than it could (a fast path fell back).</summary>
    Degraded,

    /// <summary>Something asked for cannot work correctly here: doctor exits 1.</summary>
    Problem,
}

/// <summary>One line of the report: an area (machine, engines, optional tools), what, its value and status.</summary>
public sealed record Fact(string Area, string Name, string Value, FactStatus Status, string? Hint = null);

/// <summary>The kernel probe of one model preset: how many operation signatures, which run fast, which fell back.</summary>
public sealed record PresetProbe(string Preset, string Precision, int Signatures, int Fast, int Plain, IReadOnlyList<string> FellBack, double Milliseconds, string? Error);

/// <summary>What <c>motorpick doctor</c> asks about.</summary>
public sealed record DoctorRequest(IReadOnlyList<string> Presets, string Device, int Threads, string Precision, IReadOnlySet<string> Required, string? OnnxModel);

/// <summary>Everything doctor found; <see cref="Healthy"/> is false when something asked for cannot work correctly.</summary>
public sealed record DoctorReport(IReadOnlyList<Fact> Facts, IReadOnlyList<PresetProbe> Probes)
{
    public bool Healthy => Facts.All(f => f.Status != FactStatus.Problem) && Probes.All(p => p.Error is null);

    /// <summary>The optional features doctor can be asked to require (<c>--require</c>).</summary>
    public static readonly string[] Requirable = ["cuda", "chromium", "slurm", "fonts", "libjpeg-turbo"];

    public static DoctorReport Gather(DoctorRequest request)
    {
        var facts = new List<Fact>();
        var cpu = CpuInfo.Here;
        var version = typeof(DoctorReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        facts.Add(new("machine", "motorpick", version.Split('+')[0], FactStatus.Ok));
        facts.Add(new("machine", ".NET", $"{Environment.Version} on {RuntimeInformation.OSDescription} ({RuntimeInformation.RuntimeIdentifier})", FactStatus.Ok));
        facts.Add(new("machine", "CPU", $"{cpu.Model}" + (cpu.Family is { } f && cpu.ModelNumber is { } m ? $" (family {f} model {m})" : ""), FactStatus.Ok));
        facts.Add(new("machine", "ISA", $"{cpu.VectorWidth}: {cpu.IsaSummary}", FactStatus.Ok));
        facts.Add(new("machine", "memory", $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):F1} GiB", FactStatus.Ok));

        TorchRuntime.SetThreads(request.Threads > 0 ? request.Threads : null);
        facts.Add(new("machine", "threads", $"{Environment.ProcessorCount} cores; libtorch uses {torch.get_num_threads()}, ONNX Runtime {(request.Threads > 0 ? request.Threads : Environment.ProcessorCount)}", FactStatus.Ok));
        facts.Add(new("engines", "libtorch", $"{torch.__version__} (TorchSharp {typeof(torch).Assembly.GetName().Version})", FactStatus.Ok));
        bool wantCuda = request.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) || request.Required.Contains("cuda");
        bool torchCuda = torch.cuda.is_available();
        facts.Add(new("engines", "CUDA (libtorch)", torchCuda ? $"{torch.cuda.device_count()} device(s)" : "not available (CPU build of libtorch, or no GPU/driver)",
            torchCuda ? FactStatus.Ok : wantCuda ? FactStatus.Problem : FactStatus.Missing, torchCuda ? null : "train and predict with --device cpu"));
        var providers = OrtEnv.Instance().GetAvailableProviders();
        bool ortCuda = providers.Contains("CUDAExecutionProvider");
        facts.Add(new("engines", "ONNX Runtime", $"{OrtEnv.Instance().GetVersionString()}; providers {string.Join(", ", providers)}", FactStatus.Ok));
        facts.Add(new("engines", "CUDA (ONNX Runtime)", ortCuda ? "CUDA execution provider present" : "not in this ONNX Runtime build",
            ortCuda ? FactStatus.Ok : wantCuda ? FactStatus.Problem : FactStatus.Missing, ortCuda ? null : "build with -p:MotorPickGpu=true for predict --device cuda"));
        facts.Add(new("engines", "libvips", NetVipsJpegCodec.LibraryVersion, FactStatus.Ok));
        facts.Add(new("optional", "JPEG stack decoder", JpegCodecs.Description,
            JpegCodecs.UsesTurbo ? FactStatus.Ok : request.Required.Contains("libjpeg-turbo") ? FactStatus.Problem : FactStatus.Missing,
            JpegCodecs.UsesTurbo ? null : "apt-get install libturbojpeg0: stacks load with about a third less CPU"));

        var families = SKFontManager.Default.FontFamilies.ToList();
        var plotFont = ScottPlot.Fonts.Default;
        bool hasFont = families.Count > 0;
        facts.Add(new("optional", "fonts for plot text", hasFont ? $"{families.Count} families; plots use '{plotFont}'" : "no font found: plot text will be missing",
            hasFont ? FactStatus.Ok : request.Required.Contains("fonts") ? FactStatus.Problem : FactStatus.Missing, hasFont ? null : "apt-get install fonts-dejavu-core"));
        facts.Add(Tool("chromium", ExecutableSearch.Find("chromium", "chromium-browser", "google-chrome"), "screenshots of the review page and report in tests", "apt-get install chromium", request));
        facts.Add(Tool("slurm", ExecutableSearch.Find("sbatch"), "motorpick slurm submit", "ask your cluster's admins; apt-get install slurm-client for a single node", request));

        if (request.OnnxModel is { } onnx) facts.Add(OnnxCheck(onnx, request));
        var probes = request.Presets.Select(p => Probe(p, request)).ToList();
        return new DoctorReport(facts, probes);
    }

    private static Fact Tool(string name, string? path, string usedBy, string hint, DoctorRequest request) =>
        new("optional", name, path is null ? $"not found (used by {usedBy})" : path,
            path is not null ? FactStatus.Ok : request.Required.Contains(name) ? FactStatus.Problem : FactStatus.Missing, path is null ? hint : null);

    private static Fact OnnxCheck(string path, DoctorRequest request)
    {
        try
        {
            using var model = OnnxHeatmapModel.Load(path, options: new OnnxOptions { Threads = request.Threads, Device = request.Device });
            var v = model.Optimisation!;
            return new("engines", "ONNX optimisations", $"{Path.GetFileName(path)}: {(v.Agrees ? "verified" : "changed the logits, model runs unoptimised")} ({v.Detail}{(v.FromCache ? ", cached" : "")})",
                v.Agrees ? FactStatus.Ok : FactStatus.Degraded);
        }
        catch (Core.MotorPickException e)
        {
            return new("engines", "ONNX optimisations", e.Message, FactStatus.Problem);
        }
    }

    /// <summary>Builds the preset on the device and probes every distinct operation signature it runs.</summary>
    private static PresetProbe Probe(string preset, DoctorRequest request)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var device = TorchRuntime.Device(request.Device);
            using var model = new HeatmapUNet3d(ModelPresets.Get(preset));
            model.to(device);
            model.SetConvolutionType(request.Precision switch { "fp16" => torch.ScalarType.Float16, "bf16" => torch.ScalarType.BFloat16, _ => null });
            var probe = new KernelProbe(warn: _ => { }); // reported in the table, not as warnings
            model.UseKernelProbe(probe);
            var verdicts = model.VerifyKernels(device.type);
            return new PresetProbe(preset, request.Precision, verdicts.Count, verdicts.Count(v => v.Choice.ChannelsLast), verdicts.Count(v => !v.Choice.ChannelsLast),
                verdicts.Where(v => v.FellBack).Select(v => $"{v.Signature.Describe()} -> {v.Choice.Describe()}: {v.Reason}").ToList(), verdicts.Sum(v => v.Milliseconds), null);
        }
        catch (Exception e) when (e is Core.MotorPickException or ExternalException or InvalidOperationException or ArgumentException)
        {
            return new PresetProbe(preset, request.Precision, 0, 0, 0, [], watch.Elapsed.TotalMilliseconds, e.Message);
        }
    }
}
