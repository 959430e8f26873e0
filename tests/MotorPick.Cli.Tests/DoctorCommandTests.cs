using System.Text.Json;

namespace MotorPick.Cli.Tests;

/// <summary><c>motorpick doctor</c> reports the machine and the kernel probe, and exits 1 only when something asked for cannot work.</summary>
public class DoctorCommandTests
{
    [Fact]
    public void ReportsTheMachineEnginesAndTheKernelProbeOfThePresetsAsked()
    {
        var (exit, output) = CliRunner.Run("doctor", "--preset", "tiny,x3d-tiny", "--threads", "1");
        Assert.True(exit == 0, output);
        foreach (var expected in new[] { "CPU", "ISA", "libtorch", "ONNX Runtime", "libvips", "JPEG stack decoder", "fonts for plot text", "chromium", "slurm", "kernel probe", "tiny", "x3d-tiny" })
            Assert.Contains(expected, output);
        Assert.DoesNotContain("resnet50", output); // only the presets asked for are built
        Assert.Contains("doctor: everything asked for works correctly here", output);
    }

    [Fact]
    public void JsonReportListsEveryProbeWithItsCounts()
    {
        var (exit, output) = CliRunner.Run("doctor", "--preset", "x3d-tiny", "--threads", "1", "--json");
        Assert.True(exit == 0, output);
        using var doc = JsonDocument.Parse(output);
        var probe = Assert.Single(doc.RootElement.GetProperty("probes").EnumerateArray());
        Assert.Equal("x3d-tiny", probe.GetProperty("preset").GetString());
        int signatures = probe.GetProperty("signatures").GetInt32();
        Assert.True(signatures > 10);
        Assert.Equal(signatures, probe.GetProperty("fast").GetInt32() + probe.GetProperty("plain").GetInt32());
        Assert.True(doc.RootElement.GetProperty("healthy").GetBoolean());
        Assert.Contains(doc.RootElement.GetProperty("facts").EnumerateArray(), f => f.GetProperty("name").GetString() == "ISA");
    }

    [Fact]
    public void AskingForCudaWithoutAGpuExitsOne()
    {
        if (TorchSharp.torch.cuda.is_available()) return; // this machine has what was asked for
        var (exit, output) = CliRunner.Run("doctor", "--preset", "tiny", "--require", "cuda");
        Assert.Equal(1, exit);
        Assert.Contains("problem", output);
        Assert.Contains("cannot work correctly here", output);
    }

    [Fact]
    public void UnknownPresetOrFeatureIsAClearError()
    {
        var (exit, output) = CliRunner.Run("doctor", "--preset", "x3d-xxl");
        Assert.Equal(1, exit);
        Assert.Contains("unknown model preset 'x3d-xxl'", output);
        (exit, output) = CliRunner.Run("doctor", "--require", "gpu");
        Assert.Equal(1, exit);
        Assert.Contains("unknown feature 'gpu'", output);
    }
}
