using MotorPick.Formats.Geometry;
using MotorPick.Inference.Decoding;

namespace MotorPick.Inference.Tests.Decoding;

public class HeatmapDecoderTests
{
    private static readonly VolumeShape Cube20 = new(20, 20, 20);

    private static void Set(float[] h, VolumeShape s, int z, int y, int x, float v) => h[(z * s.Y + y) * s.X + x] = v;

    [Fact]
    public void Fact20_LocalMaximaThresholdAndNms()
    {
        var h = new float[Cube20.VoxelCount];
        Set(h, Cube20, 5, 5, 5, 0.9f);
        Set(h, Cube20, 5, 5, 7, 0.8f);
        Set(h, Cube20, 15, 15, 15, 0.5f);
        Set(h, Cube20, 2, 2, 2, 0.01f);
        var peaks = HeatmapDecoder.Decode(h, Cube20, new DecodeOptions { ConfThreshold = 0.02, NmsRadius = 7.8125, MaxDets = 100 });
        Assert.Equal([new HeatmapPeak(5, 5, 5, 0.9f), new HeatmapPeak(15, 15, 15, 0.5f)], peaks);
    }

    [Fact]
    public void NmsKeepsPeaksAtExactlyTheRadius()
    {
        var h = new float[Cube20.VoxelCount];
        Set(h, Cube20, 5, 5, 5, 0.9f);
        Set(h, Cube20, 5, 5, 13, 0.8f); // distance 8 >= 8
        var peaks = HeatmapDecoder.Decode(h, Cube20, new DecodeOptions { NmsRadius = 8, MaxDets = 10 });
        Assert.Equal(2, peaks.Count);
    }

    [Fact]
    public void PlateausKeepEveryVoxelBeforeNms()
    {
        var h = new float[Cube20.VoxelCount];
        Set(h, Cube20, 5, 5, 5, 0.5f);
        Set(h, Cube20, 5, 5, 6, 0.5f);
        var noNms = HeatmapDecoder.Decode(h, Cube20, new DecodeOptions { NmsRadius = 0, MaxDets = 10 });
        Assert.Equal([new HeatmapPeak(5, 5, 5, 0.5f), new HeatmapPeak(5, 5, 6, 0.5f)], noNms);
        var nms = HeatmapDecoder.Decode(h, Cube20, new DecodeOptions { NmsRadius = 2, MaxDets = 10 });
        Assert.Equal([new HeatmapPeak(5, 5, 5, 0.5f)], nms);
    }

    [Fact]
    public void MaxDetsStopsTheGreedyLoop()
    {
        var h = new float[Cube20.VoxelCount];
        Set(h, Cube20, 1, 1, 1, 0.3f);
        Set(h, Cube20, 10, 10, 10, 0.6f);
        Set(h, Cube20, 18, 18, 18, 0.4f);
        var peaks = HeatmapDecoder.Decode(h, Cube20, new DecodeOptions { NmsRadius = 1, MaxDets = 2 });
        Assert.Equal([0.6f, 0.4f], peaks.Select(p => p.Conf));
    }

    [Fact]
    public void MaxDetsOneTakesTheFirstArgmax()
    {
        var h = new float[Cube20.VoxelCount];
        Set(h, Cube20, 3, 4, 5, 0.7f);
        Set(h, Cube20, 9, 9, 9, 0.7f);
        var peak = Assert.Single(HeatmapDecoder.Decode(h, Cube20, new DecodeOptions { MaxDets = 1 }));
        Assert.Equal(new HeatmapPeak(3, 4, 5, 0.7f), peak);
        Assert.Empty(HeatmapDecoder.Decode(new float[8], new VolumeShape(2, 2, 2), new DecodeOptions { MaxDets = 1 }));
    }

    [Fact]
    public void HalfThresholdAdmitsTheHalfJustBelowIt()
    {
        // fp16(0.03) = 0.0299987...: torch compares an fp16 heatmap with the fp16 threshold.
        var v = (float)(Half)0.03f;
        Assert.True(v < 0.03f);
        var h = new float[Cube20.VoxelCount];
        Set(h, Cube20, 5, 5, 5, v);
        Assert.Empty(HeatmapDecoder.Decode(h, Cube20, new DecodeOptions { ConfThreshold = 0.03 }));
        Assert.Single(HeatmapDecoder.Decode(h, Cube20, new DecodeOptions { ConfThreshold = 0.03, ThresholdInHalf = true }));
    }

    [Fact]
    public void BorderVoxelsCanBePeaks()
    {
        var h = new float[Cube20.VoxelCount];
        Set(h, Cube20, 0, 0, 0, 0.9f);
        Set(h, Cube20, 19, 19, 19, 0.8f);
        Assert.Equal(2, HeatmapDecoder.Decode(h, Cube20, new DecodeOptions()).Count);
    }

    [Fact]
    public void RadiusIsNmsDistanceOverSpacingAndStride()
    {
        Assert.Equal(7.8125, DecodeOptions.RadiusVoxels(1000, 16, 8));
        Assert.Equal(15.625, DecodeOptions.RadiusVoxels(1000, 16, 4));
    }
}
