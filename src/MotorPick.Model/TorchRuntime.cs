using TorchSharp;

namespace MotorPick.Model;

/// <summary>Process-wide TorchSharp settings: thread count and device selection.</summary>
public static class TorchRuntime
{
    /// <summary>Sets libtorch's intra-op threads (defaults to the machine's cores).</summary>
    public static void SetThreads(int? threads = null)
    {
        var n = threads is > 0 ? threads.Value : Environment.ProcessorCount;
        if (torch.get_num_threads() != n) torch.set_num_threads(n);
    }

    /// <summary>Resolves "cpu" or "cuda" (optionally "cuda:N") to a device, failing clearly when CUDA is absent.</summary>
    public static torch.Device Device(string name)
    {
        var lower = name.Trim().ToLowerInvariant();
        if (lower == "cpu") return torch.CPU;
        if (lower.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new Core.MotorPickException($"device '{name}' requested but CUDA is not available (this build ships the CPU libtorch; add a libtorch-cuda package)", field: "device");
            return torch.device(lower);
        }
        throw new Core.MotorPickException($"unknown device '{name}': expected cpu or cuda", field: "device");
    }
}
