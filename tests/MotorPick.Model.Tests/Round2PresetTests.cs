using System.Globalization;
using System.Text.Json;
using MotorPick.Model.Nn;
using MotorPick.Model.Training;
using MotorPick.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Tests;

/// <summary>
/// The round-2 encoders (3D ResNet101, 2.5D ConvNeXt-Tiny) are the PyTorch twin's networks (bench/model/motorpick_model.py,
/// whose ConvNeXt runs real Conv2d on the slice images, timm's layout): the same state-dict names and shapes, and a state
/// dict written by PyTorch 1.13 loads strictly and gives the twin's logits. Fixtures: tests/fixtures/peer/torch-models.
/// </summary>
public class Round2PresetTests
{
    private static string Fixture(string name) => Fixtures.Path("peer", "torch-models", name);

    [Theory]
    [InlineData("resnet101")]
    [InlineData("convnext-tiny-2.5d")]
    public void State_dict_names_and_shapes_equal_the_PyTorch_twins(string preset)
    {
        var want = File.ReadAllLines(Fixture($"{preset}.names.txt")).Where(l => l.Length > 0).Order(StringComparer.Ordinal).ToArray();
        using var model = new HeatmapUNet3d(ModelPresets.Get(preset));
        var got = model.state_dict().Select(kv => $"{kv.Key}\t{string.Join("x", kv.Value.shape)}").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(want, got);
    }

    [Theory]
    [InlineData("resnet-bottleneck-small")]
    [InlineData("convnext-2.5d-small")]
    public void A_PyTorch_state_dict_loads_strictly_and_gives_the_twins_logits(string name)
    {
        var spec = JsonSerializer.Deserialize<ModelSpec>(File.ReadAllText(Fixture($"{name}.json")), CheckpointCard.Json)!;
        manual_seed(1);
        using var model = new HeatmapUNet3d(spec);
        var report = ModelCheckpoint.Import(model, Fixture($"{name}.pt"), strict: true);
        Assert.Equal(model.state_dict().Count, report.Loaded);
        model.eval();
        var bytes = File.ReadAllBytes(Fixture($"{name}.logits.bin"));
        var want = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, want, 0, bytes.Length);
        using var _ = no_grad();
        using var x = FixedInput(32, 64, 64);
        using var y = model.call(x);
        var got = y.data<float>().ToArray();
        Assert.Equal(want.Length, got.Length);
        double scale = Math.Max(1, want.Max(v => Math.Abs(v)));
        double diff = want.Zip(got).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(diff <= 1e-4 * scale, $"{name}: TorchSharp differs from PyTorch by {diff.ToString("g3", CultureInfo.InvariantCulture)}");
    }

    /// <summary>make_model_fixtures.py's input: (7z + 13y + 3x) mod 256.</summary>
    private static Tensor FixedInput(int d, int h, int w)
    {
        var v = new float[d * h * w];
        for (int z = 0; z < d; z++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    v[(z * h + y) * w + x] = (z * 7 + y * 13 + x * 3) % 256;
        return tensor(v, [1, 1, d, h, w]);
    }

    [Fact]
    public void Each_2d_image_holds_consecutive_slices_one_image_every_four_slices()
    {
        using var encoder = new ConvNeXtEncoder2p5d(ModelPresets.Get("convnext-2.5d-mini"));
        // channel c, slice z holds 1000 c + z
        using var x = arange(3).reshape(1, 3, 1, 1, 1).mul(1000).add(arange(16).reshape(1, 1, 16, 1, 1)).expand(1, 3, 16, 2, 2).to(float32);
        using var slabs = encoder.Slabs(x);
        Assert.Equal(new long[] { 1, 3, 4, 2, 2 }, slabs.shape);
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 4; i++)
                Assert.Equal(1000 * c + 4 * i + c, slabs[0, c, i, 0, 0].item<float>());
    }

    [Fact]
    public void The_model_card_says_how_slices_are_grouped()
    {
        var json = JsonSerializer.Serialize(ModelPresets.Get("convnext-tiny-2.5d"), CheckpointCard.Json);
        using var doc = JsonDocument.Parse(json);
        var grouping = doc.RootElement.GetProperty("slice_grouping").GetString()!;
        Assert.Contains("one 2D image every 4 slices", grouping);
        Assert.Contains("3 consecutive slices", grouping);
        var back = JsonSerializer.Deserialize<ModelSpec>(json, CheckpointCard.Json)!; // a card written with it loads back
        Assert.Equal("convnext2.5d", back.Encoder);
        Assert.DoesNotContain("slice_grouping", JsonSerializer.Serialize(ModelPresets.Get("resnet101"), CheckpointCard.Json));
    }

    [Fact]
    public void The_depthwise_7x7_and_patchify_convolutions_go_through_the_kernel_probe()
    {
        using var model = new HeatmapUNet3d(ModelPresets.Get("convnext-2.5d-mini"));
        var described = model.VerifyKernels(DeviceType.CPU).Select(v => v.Signature.Describe()).ToList();
        Assert.Contains(described, d => d.StartsWith("depthwise conv3d 16->16 k1x7x7", StringComparison.Ordinal));
        Assert.Contains(described, d => d.StartsWith("conv3d 3->16 k1x4x4 s1x4x4", StringComparison.Ordinal));
    }

    [Fact]
    public void A_2_5d_spec_with_more_slices_per_image_than_its_slice_stride_is_refused()
    {
        var spec = ModelPresets.Get("convnext-2.5d-mini") with { InChannels = 5, InputMean = [0, 0, 0, 0, 0], InputStd = [1, 1, 1, 1, 1] };
        var ex = Assert.Throws<Core.MotorPickException>(spec.Validate);
        Assert.Contains("at most 4 slices", ex.Message);
    }
}
