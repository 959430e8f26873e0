using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Inference.Aggregation;
using MotorPick.Inference.Models;
using MotorPick.Inference.Pipeline;
using MotorPick.Volumes;
using MotorPick.Volumes.Geometry;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Inference.Tests.Pipeline;

/// <summary>
/// The heatmap-level ensemble of the labelling rounds (reference 6.4: ResNet101 1.0, X3D 0.75, ConvNeXt 0.75): every
/// model's logits, under every TTA, are averaged with the model's weight (sum w·logit / sum w per cell), sigmoid last.
/// </summary>
public class WeightedEnsembleTests
{
    private static readonly VolumeShape Patch = new(16, 32, 32);

    /// <summary>logits = scale · inner + shift: another model whose logits are known from the first one's.</summary>
    private sealed class AffineModel(IHeatmapModel inner, float scale, float shift) : IHeatmapModel
    {
        public ModelCard Card => inner.Card;

        public HeatmapBatch Forward(float[] input, int batch, VolumeShape patch)
        {
            var h = inner.Forward(input, batch, patch);
            return h with { Logits = h.Logits.Select(v => scale * v + shift).ToArray() };
        }

        public void Dispose() { }
    }

    /// <summary>Grey values 90..160: the pooling model's logits stay within ±4, where logit(sigmoid(x)) is exact enough in float32.</summary>
    private static InMemoryVolumeReader<byte> Noise(VolumeShape s)
    {
        var rng = new Random(9);
        var data = new byte[s.VoxelCount];
        for (var i = 0; i < data.Length; i++) data[i] = (byte)rng.Next(90, 161);
        return new InMemoryVolumeReader<byte>(new Volume<byte>(s, VoxelSize.Isotropic(16), data));
    }

    private static float[] Heatmap(IReadOnlyList<PredictModel> models, InMemoryVolumeReader<byte> volume)
    {
        var options = new PredictOptions
        {
            HeatmapStride = 4, Ttas = [TtaCode.Parse("zyx"), TtaCode.Parse("zxy_x")], Precision = HeatmapPrecision.Single,
            Aggregate = AggregateValue.Logits, KeepHeatmaps = true,
        };
        return Assert.Single(new TomogramPredictor(models, options).Predict(volume, "t", 16).Heatmaps).Probabilities;
    }

    [Fact]
    public void Weighted_heatmap_equals_the_hand_computed_weighted_average_of_logits()
    {
        using var volume = Noise(new VolumeShape(40, 70, 50));
        var a = new PoolingModel(4, Patch);
        var b = new AffineModel(new PoolingModel(4, Patch), -0.5f, 0.3f);
        var alone = Heatmap([new PredictModel(a, "a")], volume);
        var ensemble = Heatmap([new PredictModel(a, "a", 1.0), new PredictModel(b, "b", 0.75)], volume);
        Assert.Equal(alone.Length, ensemble.Length);
        for (var i = 0; i < alone.Length; i++)
        {
            var la = Math.Log(alone[i] / (1.0 - alone[i])); // model a's aggregated logit in this cell
            var lb = -0.5 * la + 0.3;                       // model b's: aggregation is linear
            var want = 1 / (1 + Math.Exp(-(1.0 * la + 0.75 * lb) / 1.75));
            Assert.True(Math.Abs(want - ensemble[i]) < 2e-6, $"cell {i}: {ensemble[i]}, hand-computed {want}");
        }
        var unweighted = Heatmap([new PredictModel(a, "a"), new PredictModel(b, "b")], volume);
        Assert.NotEqual(unweighted, ensemble); // the weights matter
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void A_weight_that_is_not_positive_is_refused(double weight)
    {
        var ex = Assert.Throws<MotorPickException>(() =>
            new TomogramPredictor([new PredictModel(new PoolingModel(4, Patch), "a"), new PredictModel(new PoolingModel(4, Patch), "b", weight)], new PredictOptions()));
        Assert.Contains("weight", ex.Message);
        Assert.Contains("'b'", ex.Message);
    }
}
