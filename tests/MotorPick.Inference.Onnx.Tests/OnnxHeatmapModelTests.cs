using System.Runtime.InteropServices;
using System.Text.Json;
using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Npy;
using MotorPick.Formats.Voxels;
using MotorPick.Inference.Models;
using MotorPick.Inference.Onnx;
using MotorPick.Tests;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Inference.Onnx.Tests;

public class OnnxHeatmapModelTests
{
    internal static string Onnx(params string[] parts) => Fixtures.Path(["peer", "onnx", .. parts]);

    /// <summary>A float32 .npy of any rank (the fixture arrays are 5-D): shape from the NPY header, then the raw values.</summary>
    internal static (long[] Shape, float[] Values) ReadNpy(string path)
    {
        var header = NpyHeader.Read(path);
        Assert.Equal(VoxelType.Float32, header.VoxelType);
        var bytes = File.ReadAllBytes(path).AsSpan((int)header.DataOffset);
        return (header.Shape, MemoryMarshal.Cast<byte, float>(bytes).ToArray());
    }

    internal static ModelCard FixtureCard()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Onnx("README.json")));
        var r = doc.RootElement;
        return new ModelCard
        {
            Name = "tiny_heatmap",
            Stride = r.GetProperty("stride").GetInt32(),
            TargetSpacing = 16,
            PatchSize = [16, 32, 32],
            InputName = r.GetProperty("input_name").GetString(),
            OutputName = r.GetProperty("output_name").GetString(),
        };
    }

    [Fact]
    public void ReproducesTheFixtureLogits()
    {
        var (inShape, input) = ReadNpy(Onnx("input_1x1x16x32x32.npy"));
        var (outShape, expected) = ReadNpy(Onnx("expected_logits.npy"));
        Assert.Equal([1L, 1, 16, 32, 32], inShape);
        using var model = OnnxHeatmapModel.Load(Onnx("tiny_heatmap.onnx"), FixtureCard(), new OnnxOptions { Threads = 2 });
        var result = model.Forward(input, 1, new VolumeShape(16, 32, 32));
        Assert.Equal(new VolumeShape((int)outShape[2], (int)outShape[3], (int)outShape[4]), result.Shape);
        Assert.Equal(4, result.Stride);
        var maxDiff = expected.Zip(result.Logits).Max(t => Math.Abs(t.First - t.Second));
        Assert.True(maxDiff <= 1e-4, $"max |diff| = {maxDiff}");
    }

    [Fact]
    public void BatchesGiveTheSameLogitsAsSingleWindows()
    {
        var (_, input) = ReadNpy(Onnx("input_1x1x16x32x32.npy"));
        using var model = OnnxHeatmapModel.Load(Onnx("tiny_heatmap.onnx"), FixtureCard());
        var two = new float[input.Length * 2];
        input.CopyTo(two, 0);
        input.CopyTo(two, input.Length);
        var batch = model.Forward(two, 2, new VolumeShape(16, 32, 32));
        var single = model.Forward(input, 1, new VolumeShape(16, 32, 32));
        Assert.Equal(2, batch.Batch);
        var maxDiff = single.Logits.Zip(batch.Item(1).ToArray()).Max(t => Math.Abs(t.First - t.Second));
        Assert.True(maxDiff <= 1e-5, $"max |diff| = {maxDiff}");
    }

    [Fact]
    public void NormalisationFromTheCardIsAppliedBeforeTheNetwork()
    {
        // mean 10, std 2 turns x into (x - 10) / 2: feeding 2x + 10 must reproduce the plain logits.
        var (_, input) = ReadNpy(Onnx("input_1x1x16x32x32.npy"));
        using var plain = OnnxHeatmapModel.Load(Onnx("tiny_heatmap.onnx"), FixtureCard());
        using var normalised = OnnxHeatmapModel.Load(Onnx("tiny_heatmap.onnx"), FixtureCard() with { InputMean = 10, InputStd = 2 });
        var shape = new VolumeShape(16, 32, 32);
        var a = plain.Forward(input, 1, shape).Logits;
        var b = normalised.Forward(input.Select(v => v * 2 + 10).ToArray(), 1, shape).Logits;
        Assert.True(a.Zip(b).Max(t => Math.Abs(t.First - t.Second)) <= 1e-4);
    }

    [Fact]
    public void FindsTheCardBesideTheModelOrExplainsWhatIsMissing()
    {
        using var dir = Fixtures.TempDir();
        var copy = dir.File("m.onnx");
        File.Copy(Onnx("tiny_heatmap.onnx"), copy);
        var e = Assert.Throws<MotorPickException>(() => OnnxHeatmapModel.Load(copy));
        Assert.Contains("model card", e.Message);
        FixtureCard().Save(copy + ".json");
        using var model = OnnxHeatmapModel.Load(copy);
        Assert.Equal(4, model.Card.Stride);
    }

    [Fact]
    public void WrongInputNameIsReported()
    {
        var e = Assert.Throws<MotorPickException>(() => OnnxHeatmapModel.Load(Onnx("tiny_heatmap.onnx"), FixtureCard() with { InputName = "x" }));
        Assert.Equal("input_name", e.Field);
    }
}
