using MotorPick.Core;

namespace MotorPick.Inference.Onnx.Tests;

/// <summary>
/// --device cuda where ONNX Runtime cannot use a GPU. This machine and CI have no GPU and build the CPU-only package;
/// the GPU path itself is checked by bench/gpu/check.sh on a GPU machine.
/// </summary>
public class OnnxCudaTests
{
    [Fact]
    public void Cuda_on_the_cpu_only_build_is_refused_naming_the_gpu_build_property()
    {
        Assert.False(OnnxCuda.InThisBuild, "the default build must be the CPU-only ONNX Runtime (MotorPickGpu is off)");
        var e = Assert.Throws<MotorPickException>(() =>
            OnnxHeatmapModel.Load(OnnxHeatmapModelTests.Onnx("tiny_heatmap.onnx"), OnnxHeatmapModelTests.FixtureCard(), new OnnxOptions { Device = "cuda" }));
        Assert.Equal("device", e.Field);
        Assert.Contains("CPU-only ONNX Runtime", e.Message);
        Assert.Contains("-p:MotorPickGpu=true", e.Message);
        Assert.Contains("--device cpu", e.Message);
    }

    [Fact]
    public void The_message_when_the_cuda_provider_cannot_start_names_driver_cuda_and_cudnn()
    {
        var message = OnnxCuda.CannotStart("libcudnn.so.9: cannot open shared object file");
        Assert.Contains("libcudnn.so.9", message);
        Assert.Contains("driver", message);
        Assert.Contains("CUDA 13", message);
        Assert.Contains("cuDNN 9", message);
    }
}
