using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Inference.Pipeline;

namespace MotorPick.Inference.Tests.Pipeline;

/// <summary>The post-blur sigma in heatmap voxels, from either way of giving it.</summary>
public class BlurSigmaTests
{
    [Fact]
    public void A_sigma_in_model_voxels_is_divided_by_the_heatmap_stride_whatever_the_nms_distance()
    {
        // Round 2: 6.25 voxels at 16 Å (100 Å) on the stride-4 grid with the 333 Å NMS distance.
        var o = new PredictOptions { BlurSigmaVoxels = 6.25, HeatmapStride = 4, NmsA = 1000.0 / 3 };
        Assert.Equal(1000.0 / 16 / 4 * 0.1, o.BlurSigma(16));
        Assert.Equal(1.5625, o.BlurSigma(16));
        Assert.Equal(1.5625, (o with { NmsA = 1000 }).BlurSigma(16));
        Assert.Equal(0.78125, (o with { HeatmapStride = 8 }).BlurSigma(16));
    }

    [Fact]
    public void A_fraction_is_taken_of_the_nms_distance_as_before()
    {
        Assert.Equal(1.5625, new PredictOptions { BlurFraction = 0.1, NmsA = 1000, HeatmapStride = 4 }.BlurSigma(16));
        // With the round-2 NMS distance the same fraction gives a third of the reference's sigma.
        Assert.Equal(1000.0 / 3 / 16 / 4 * 0.1, new PredictOptions { BlurFraction = 0.1, NmsA = 1000.0 / 3, HeatmapStride = 4 }.BlurSigma(16));
        Assert.Null(new PredictOptions().BlurSigma(16));
    }

    [Fact]
    public void Both_ways_at_once_or_a_sigma_that_is_not_positive_are_refused_when_the_predictor_is_made()
    {
        var model = new PredictModel(new PoolingModel(4, new VolumeShape(16, 32, 32)), "pool");
        var both = Assert.Throws<MotorPickException>(() => new TomogramPredictor([model], new PredictOptions { BlurSigmaVoxels = 6.25, BlurFraction = 0.1 }));
        Assert.Equal("blur_sigma", both.Field);
        Assert.Throws<MotorPickException>(() => new TomogramPredictor([model], new PredictOptions { BlurSigmaVoxels = 0 }));
    }
}
