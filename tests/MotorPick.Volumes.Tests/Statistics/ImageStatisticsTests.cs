using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Statistics;

namespace MotorPick.Volumes.Tests.Statistics;

public class ImageStatisticsTests
{
    private static Volume<byte> Make(int z, int y, int x, Func<int, int, int, byte> value)
    {
        var v = Volume<byte>.Allocate(new VolumeShape(z, y, x), VoxelSize.Isotropic(16));
        for (var k = 0; k < z; k++)
            for (var j = 0; j < y; j++)
                for (var i = 0; i < x; i++)
                    v[k, j, i] = value(k, j, i);
        return v;
    }

    private static Volume<byte> Noise(int seed, int lo = 0, int hi = 256)
    {
        var rng = new Random(seed);
        return Make(20, 40, 48, (_, _, _) => (byte)rng.Next(lo, hi));
    }

    [Fact]
    public void A_constant_volume_has_its_value_as_mean_and_nothing_else()
    {
        var s = ImageStatistics.Of(Make(12, 8, 8, (_, _, _) => 77));
        Assert.Equal(new ImageStatistics(77, 0, 0, 0), s);
    }

    [Fact]
    public void Two_equally_common_grey_levels_give_their_mean_half_their_distance_as_spread_and_no_skew()
    {
        // a checkerboard along x: 100 and 200 on every sampled plane
        var s = ImageStatistics.Of(Make(10, 6, 8, (_, _, i) => (byte)(i % 2 == 0 ? 100 : 200)));
        Assert.Equal(150, s.Mean, 9);
        Assert.Equal(50, s.Spread, 9);
        Assert.Equal(0, s.Skewness, 9);
        Assert.True(s.FineDetail > 0.5, $"a one-voxel checkerboard is all fine detail, got {s.FineDetail}");
    }

    [Fact]
    public void Inverting_the_contrast_negates_the_skewness_and_keeps_spread_and_fine_detail()
    {
        var rng = new Random(3);
        // mostly dark with sparse bright spots: a long bright tail
        var v = Make(16, 32, 32, (_, _, _) => (byte)(rng.NextDouble() < 0.05 ? 230 : 40 + rng.Next(20)));
        var inverted = Volume<byte>.Allocate(v.Shape, v.VoxelSize);
        for (var i = 0; i < v.Data.Length; i++) inverted.Data[i] = (byte)(255 - v.Data[i]);
        var (a, b) = (ImageStatistics.Of(v), ImageStatistics.Of(inverted));
        Assert.True(a.Skewness > 1, $"{a}");
        Assert.Equal(-a.Skewness, b.Skewness, 9);
        Assert.Equal(a.Spread, b.Spread, 9);
        Assert.Equal(a.FineDetail, b.FineDetail, 5);
        Assert.Equal(255 - a.Mean, b.Mean, 9);
    }

    [Fact]
    public void Noise_is_fine_detail_and_a_smooth_ramp_is_not()
    {
        var noise = ImageStatistics.Of(Noise(1));
        var ramp = ImageStatistics.Of(Make(20, 40, 48, (_, j, i) => (byte)(2 * j + 3 * i)));
        Assert.InRange(noise.FineDetail, 0.85, 1.0);
        Assert.InRange(ramp.FineDetail, 0.0, 0.05);
    }

    [Fact]
    public void A_volume_held_as_planes_measures_like_one_held_in_one_array()
    {
        var v = Noise(2);
        var planes = Enumerable.Range(0, v.Shape.Z).Select(z => v.Plane(z).ToArray()).ToArray();
        Assert.Equal(ImageStatistics.Of(v), ImageStatistics.Of(Volume<byte>.FromPlanes(v.Shape, v.VoxelSize, planes)));
    }

    [Theory]
    [InlineData(1, new[] { 0 })]
    [InlineData(5, new[] { 0, 1, 2, 3, 4 })]
    [InlineData(10, new[] { 1, 2, 3, 4, 5, 6, 7, 8 })]
    public void Planes_are_sampled_from_the_middle_eighty_percent(int depth, int[] expected) =>
        Assert.Equal(expected, ImageStatistics.PlaneIndices(depth));

    [Fact]
    public void A_deep_volume_is_measured_on_sixteen_planes_spread_from_the_first_to_the_last_of_its_middle()
    {
        var planes = ImageStatistics.PlaneIndices(300);
        Assert.Equal(ImageStatistics.SampledPlanes, planes.Length);
        Assert.Equal(30, planes[0]);
        Assert.Equal(269, planes[^1]);
        Assert.Equal(planes.Order(), planes);
    }
}
