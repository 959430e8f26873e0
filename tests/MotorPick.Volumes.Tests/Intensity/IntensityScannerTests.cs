using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Volumes.Tests.Intensity;

public class IntensityScannerTests
{
    private static readonly IntensityScanOptions Reference = new()
    {
        Percentiles = [PercentileWindow.Reference.LowerPercent, PercentileWindow.Reference.UpperPercent],
        Histogram = true,
    };

    private static InMemoryVolumeReader<T> Reader<T>(T[] data) where T : unmanaged =>
        new(new Volume<T>(new VolumeShape(1, 1, data.Length), VoxelSize.Unknown, data));

    [Fact]
    public void Float_percentiles_equal_numpy_exactly()
    {
        // numpy 1.24: np.percentile(v, 0.87910068792905), np.percentile(v, 99.06423106440042), 50, 0, 100, 37.5
        var p = IntensityScanner.Scan(Reader(TestData.Floats()), Reference with { Percentiles = [0.87910068792905, 99.06423106440042, 50, 0, 100, 37.5] });
        Assert.Equal(-12.756756782531738, p.Percentile(0.87910068792905));
        Assert.Equal(13.774225369740678, p.Percentile(99.06423106440042));
        Assert.Equal(0.5135135054588318, p.Percentile(50));
        Assert.Equal(-13.0, p.Percentile(0));
        Assert.Equal(14.123000144958496, p.Percentile(100));
        Assert.Equal(-2.8648648262023926, p.Percentile(37.5));
        Assert.False(p.AllIntegral);
        Assert.False(p.DetectedAsUInt8Range);
    }

    [Fact]
    public void Slab_size_and_threads_do_not_change_the_result()
    {
        var v = TestData.Floats();
        var volume = new Volume<float>(new VolumeShape(7, 7, 2040), VoxelSize.Unknown, v[..(7 * 7 * 2040)]);
        var a = IntensityScanner.Scan(new InMemoryVolumeReader<float>(volume), Reference);
        var b = IntensityScanner.Scan(new InMemoryVolumeReader<float>(volume), Reference with { SlabVoxels = 1, MaxDegreeOfParallelism = 1 });
        Assert.Equal(a.Percentiles, b.Percentiles);
        Assert.Equal(a.Histogram, b.Histogram);
        Assert.Equal(a.Mean, b.Mean, 12);
        Assert.Equal(a.Std, b.Std, 12);
    }

    [Fact]
    public void Integer_data_statistics_match_numpy()
    {
        var p = IntensityScanner.Scan(Reader(TestData.Bytes()), Reference);
        Assert.True(p.AllIntegral);
        Assert.False(p.DetectedAsUInt8Range); // max 255 > 128
        Assert.Equal(2.0, p.Percentile(0.87910068792905));
        Assert.Equal(252.0, p.Percentile(99.06423106440042));
        Assert.Equal(124.71446856594302, p.Mean, 10);
        Assert.Equal(72.52937, p.Std, 4);
        Assert.Equal(0, p.Min);
        Assert.Equal(255, p.Max);
        Assert.Equal(401, p.Histogram![0]);
        Assert.Equal(300, p.Histogram[255]);
        Assert.Equal(100003, p.Histogram.Sum());
    }

    [Fact]
    public void Int8_valued_floats_are_detected_and_the_portal_fix_moves_the_percentiles()
    {
        var v = new float[] { -128, -1, 0, 1, 127, 5, -5, 3 };
        var plain = IntensityScanner.Scan(Reader(v), new IntensityScanOptions { Percentiles = [0, 100] });
        Assert.True(plain.DetectedAsUInt8Range);
        Assert.Equal(QuantisationFix.None, plain.PercentileFix);
        Assert.Equal(-128, plain.Percentile(0));

        var fixedP = IntensityScanner.Scan(Reader(v), new IntensityScanOptions { Percentiles = [0, 100], PortalFixWhenDetected = true });
        Assert.Equal(QuantisationFix.PortalInt8AsUInt8, fixedP.PercentileFix);
        Assert.Equal(0, fixedP.Percentile(0));
        Assert.Equal(255, fixedP.Percentile(100)); // -1 -> 255
        Assert.Equal(-128, fixedP.Min); // the reported statistics are of the raw values, like the reference's meta
    }

    [Fact]
    public void A_non_integral_value_prevents_detection()
    {
        var p = IntensityScanner.Scan(Reader(new float[] { 1, 2, 3.5f }), new IntensityScanOptions { PortalFixWhenDetected = true });
        Assert.False(p.DetectedAsUInt8Range);
        Assert.Equal(QuantisationFix.None, p.PercentileFix);
    }

    [Fact]
    public void NaN_makes_percentiles_an_error()
    {
        var ex = Assert.Throws<MotorPickException>(() => IntensityScanner.Scan(Reader(new[] { 1f, float.NaN }), Reference));
        Assert.Contains("NaN", ex.Message);
    }

    [Fact]
    public void Float_order_keys_sort_like_the_values()
    {
        float[] values = [float.NegativeInfinity, -3.5f, -1e-30f, -0f, 0f, 1e-30f, 2f, float.PositiveInfinity];
        var keys = values.Select(FloatOrder.Key).ToArray();
        Assert.Equal(keys.Order(), keys);
        Assert.Equal(values, keys.Select(FloatOrder.Value));
    }
}
