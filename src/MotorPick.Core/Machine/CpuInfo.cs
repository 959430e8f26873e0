using System.Security.Cryptography;
using System.Text;

namespace MotorPick.Core.Machine;

/// <summary>
/// The processor this process runs on, as Linux reports it (/proc/cpuinfo): model name, vendor family/model and the
/// instruction-set flags. Results that can depend on the CPU (kernel probes, engine checks, benchmark tables) name it.
/// </summary>
public sealed record CpuInfo(string Model, string Vendor, int? Family, int? ModelNumber, IReadOnlySet<string> Flags, int LogicalCores)
{
    /// <summary>The vector and matrix extensions that decide which kernels libraries such as oneDNN run, in this order.</summary>
    public static readonly string[] NotableFlags =
    [
        "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16",
        "avx512_fp16", "avx_vnni", "amx_tile", "amx_bf16", "amx_int8", "asimd", "sve",
    ];

    private static readonly Lazy<CpuInfo> Current = new(() => Read("/proc/cpuinfo"));

    /// <summary>This machine's processor (read once per process).</summary>
    public static CpuInfo Here => Current.Value;

    /// <summary>The notable flags this processor has, e.g. "avx2 fma avx512f ...".</summary>
    public string IsaSummary => string.Join(' ', NotableFlags.Where(Flags.Contains));

    /// <summary>The widest x86 vector extension: "AVX-512", "AVX2", "AVX", "SSE" or "none known".</summary>
    public string VectorWidth =>
        Flags.Contains("avx512f") ? "AVX-512" : Flags.Contains("avx2") ? "AVX2" : Flags.Contains("avx") ? "AVX" : Flags.Contains("sse4_2") ? "SSE" : "none known";

    /// <summary>One line naming the CPU for tables and notes: "AMD EPYC (family 25 model 17), 2 cores, AVX-512: avx2 fma ...".</summary>
    public string Describe()
    {
        var fm = Family is { } f && ModelNumber is { } m ? $" (family {f} model {m})" : "";
        return $"{Model}{fm}, {LogicalCores} cores, {VectorWidth}: {IsaSummary}";
    }

    /// <summary>A short stable key of the model and every flag: two machines with the same key run the same kernels.</summary>
    public string Fingerprint()
    {
        var text = $"{Vendor}|{Family}|{ModelNumber}|{Model}|{string.Join(' ', Flags.Order(StringComparer.Ordinal))}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>Parses a cpuinfo file; missing fields stay empty (other systems, containers that hide the file).</summary>
    public static CpuInfo Read(string path)
    {
        string model = "unknown CPU", vendor = "";
        int? family = null, number = null;
        var flags = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                int colon = line.IndexOf(':');
                if (colon < 0) continue;
                var key = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                switch (key)
                {
                    case "model name" when model == "unknown CPU": model = value; break;
                    case "vendor_id" when vendor.Length == 0: vendor = value; break;
                    case "cpu family" when family is null && int.TryParse(value, out var f): family = f; break;
                    case "model" when number is null && int.TryParse(value, out var m): number = m; break;
                    case "flags" or "Features" when flags.Count == 0: flags.UnionWith(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)); break;
                }
            }
        }
        return new CpuInfo(model, vendor, family, number, flags, Environment.ProcessorCount);
    }
}
