using MotorPick.Formats.Geometry;
using MotorPick.Model.Augment;
using MotorPick.Model.Data;
using MotorPick.Model.Targets;
using MotorPick.Volumes;

namespace MotorPick.Model.Tests;

public class PatchAugmenterTests
{
    private static readonly AugmentConfig Off = new()
    {
        ZoomP = 0, AffineP = 0, IntensityP = 0, LowResP = 0, DropoutP = 0,
    };

    /// <summary>A 48³ volume, grey 20, with a bright ball (radius 4, value 250) centred on the motor.</summary>
    private static Volume<byte> Ball((double Z, double Y, double X) c)
    {
        var g = Volume<byte>.Allocate(new VolumeShape(48, 48, 48), VoxelSize.Isotropic(16));
        for (int z = 0; z < 48; z++)
            for (int y = 0; y < 48; y++)
                for (int x = 0; x < 48; x++)
                {
                    double d2 = (z - c.Z) * (z - c.Z) + (y - c.Y) * (y - c.Y) + (x - c.X) * (x - c.X);
                    g[z, y, x] = d2 <= 16 ? (byte)250 : (byte)20;
                }
        return g;
    }

    public static TheoryData<string> Transforms() => new("none", "zoom", "affine", "affine3d", "intensity", "lowres", "dropout");

    private static AugmentConfig Only(string name) => name switch
    {
        "zoom" => Off with { ZoomP = 1 },
        "affine" => Off with { AffineP = 1, TiltedAffineWeight = 0 },
        "affine3d" => Off with { AffineP = 1, TiltedAffineWeight = 1 },
        // only monotone maps that keep the ball brighter than the background
        "intensity" => Off with { IntensityP = 1, ShiftContrastP = 1, ScaleIntensityP = 1, GammaP = 1, HistogramShiftP = 1, ShiftOffsetRange = [-10, 10], StdShiftRange = [-0.1, 0.1], ScaleIntensityMax = 0.2 },
        "lowres" => Off with { LowResP = 1 },
        "dropout" => Off with { DropoutP = 1, DropoutSize = [4, 12] },
        _ => Off,
    };

    [Theory]
    [MemberData(nameof(Transforms))]
    public void KeypointAndHeatmapPeakStayOnTheBall(string transform)
    {
        var centre = (22.0, 25.0, 19.0);
        var volume = Ball(centre);
        for (int seed = 0; seed < 6; seed++)
        {
            var rng = new Random(seed);
            var patch = PatchAugmenter.Sample(volume, (8, 8, 8), (32, 32, 32), [new Keypoint(centre.Item1, centre.Item2, centre.Item3, 6)], Only(transform), rng);
            var k = Assert.Single(patch.Keypoints);
            Assert.Equal(transform == "none", patch.Applied.Length == 0);
            // centroid of the bright voxels within 7 voxels of the keypoint
            double sz = 0, sy = 0, sx = 0, n = 0;
            for (int z = 0; z < 32; z++)
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++)
                    {
                        double d2 = (z - k.Z) * (z - k.Z) + (y - k.Y) * (y - k.Y) + (x - k.X) * (x - k.X);
                        if (d2 > 49 || patch.Image[z, y, x] < 135) continue;
                        sz += z; sy += y; sx += x; n++;
                    }
            Assert.True(n > 10, $"{transform} seed {seed}: ball lost ({n} bright voxels near {k})");
            Assert.InRange(sz / n - k.Z, -1.0, 1.0);
            Assert.InRange(sy / n - k.Y, -1.0, 1.0);
            Assert.InRange(sx / n - k.X, -1.0, 1.0);
            // the heatmap rendered afterwards peaks in the cell holding the keypoint
            var map = GaussianHeatmap.Render(32, 32, 32, 4, patch.Keypoints);
            var peak = Array.IndexOf(map.Data, map.Data.Max());
            Assert.Equal(map.Index((int)((k.Z + 0.5) / 4), (int)((k.Y + 0.5) / 4), (int)((k.X + 0.5) / 4)), peak);
        }
    }

    [Fact]
    public void ZoomScalesSigma()
    {
        var cfg = Off with { ZoomP = 1, ZoomRange = [2, 2] };
        var patch = PatchAugmenter.Sample(Ball((24, 24, 24)), (8, 8, 8), (32, 32, 32), [new Keypoint(24, 24, 24, 6)], cfg, new Random(0));
        Assert.Equal(12, Assert.Single(patch.Keypoints).Sigma, 6);
    }

    [Fact]
    public void DropoutSparesTheKeypoint()
    {
        var cfg = Off with { DropoutP = 1, DropoutHoles = [8, 8], DropoutSize = [6, 16] };
        var volume = Ball((24, 24, 24));
        var plain = PatchAugmenter.Sample(volume, (8, 8, 8), (32, 32, 32), [new Keypoint(24, 24, 24, 2)], Off, new Random(0));
        var dropped = PatchAugmenter.Sample(volume, (8, 8, 8), (32, 32, 32), [new Keypoint(24, 24, 24, 2)], cfg, new Random(0));
        Assert.Contains("dropout", dropped.Applied);
        Assert.NotEqual(plain.Image.Data, dropped.Image.Data);
        double r = 2 * PatchAugmenter.Ellipsoid90Factor;
        for (int z = 0; z < 32; z++)
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++)
                    if ((z - 16) * (z - 16) + (y - 16) * (y - 16) + (x - 16) * (x - 16) <= r * r)
                        Assert.Equal(plain.Image[z, y, x], dropped.Image[z, y, x]);
    }

    [Fact]
    public void KeypointsLeavingThePatchAreDropped()
    {
        var patch = PatchAugmenter.Sample(Ball((24, 24, 24)), (0, 0, 0), (16, 16, 16), [new Keypoint(24, 24, 24, 6)], Off, new Random(0));
        Assert.Empty(patch.Keypoints);
    }

    [Fact]
    public void WindowOutsideTheVolumeIsZeroPadded()
    {
        var patch = PatchAugmenter.Sample(Ball((24, 24, 24)), (-8, 0, 0), (16, 16, 16), [], Off, new Random(0));
        Assert.Equal(0, patch.Image[7, 0, 0]);
        Assert.Equal(20, patch.Image[8, 0, 0]);
    }
}

public class PatchDatasetTests
{
    [Theory]
    [InlineData("zyx")]
    [InlineData("zxy_xz")]
    [InlineData("zyx_xyz")]
    public void HeatmapPeakFollowsTheVariant(string code)
    {
        var vol = Volume<byte>.Allocate(new VolumeShape(64, 64, 64), VoxelSize.Isotropic(16));
        var tomo = new TrainTomogram("t", vol, [new Labels.Point3(10, 20, 45)], 16, 16);
        var ds = new PatchDataset([tomo], (64, 64, 64), 4, 6, AugmentConfig.None);
        var ex = ds.Build(new SampleItem(0, (0, 0, 0), code, true), new Random(0));
        var k = Assert.Single(ex.Keypoints);
        var peak = Array.IndexOf(ex.Heatmap.Data, 1f);
        Assert.Equal(ex.Heatmap.Index((int)((k.Z + 0.5) / 4), (int)((k.Y + 0.5) / 4), (int)((k.X + 0.5) / 4)), peak);
    }
}
