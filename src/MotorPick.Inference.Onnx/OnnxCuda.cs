using Microsoft.ML.OnnxRuntime;

namespace MotorPick.Inference.Onnx;

/// <summary>
/// Whether ONNX Runtime can run on a GPU here, and what to tell the user when it cannot. The CUDA provider is in the
/// package only when MotorPick was built with <c>-p:MotorPickGpu=true</c> (Microsoft.ML.OnnxRuntime.Gpu.Linux); it then
/// still needs an NVIDIA driver, CUDA 13 and cuDNN 9 on the library path when a session starts.
/// </summary>
public static class OnnxCuda
{
    public const string Provider = "CUDAExecutionProvider";

    /// <summary>True when this build's ONNX Runtime has the CUDA execution provider (not whether a GPU is present).</summary>
    public static bool InThisBuild => OrtEnv.Instance().GetAvailableProviders().Contains(Provider, StringComparer.Ordinal);

    public const string NotInThisBuild =
        "--device cuda: this MotorPick was built with the CPU-only ONNX Runtime; build it with ONNX Runtime's CUDA build " +
        "(dotnet publish src/MotorPick.Cli -c Release -r linux-x64 --self-contained -p:MotorPickGpu=true -o dist/motorpick-gpu) " +
        "on a machine with an NVIDIA driver, CUDA 13 and cuDNN 9, or use --device cpu";

    public static string CannotStart(string detail) =>
        $"--device cuda: ONNX Runtime's CUDA provider could not start ({detail}); it needs an NVIDIA GPU with its driver, and CUDA 13 " +
        "and cuDNN 9 libraries on LD_LIBRARY_PATH (nvidia-smi shows the driver); or use --device cpu";
}
