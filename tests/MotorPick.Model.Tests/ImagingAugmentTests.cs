using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Model.Augment;
using MotorPick.Model.Targets;
using MotorPick.Model.Training;
using MotorPick.Volumes;

namespace MotorPick.Model.Tests;

/// <summary>The imaging augmentations beyond the reference: blur, noise and inverted contrast.</summary>
public class ImagingAugmentTests
{
    private static readonly AugmentConfig Off = new() { ZoomP = 0, AffineP = 0, IntensityP = 0, LowResP = 0, DropoutP = 0 };

    private static Volume<byte> Noise(int seed)
    {
        var v = Volume<byte>.Allocate(new VolumeShape(40, 40, 40), VoxelSize.Isotropic(16));
        new Random(seed).NextBytes(v.Data);
        return v;
    }

    private static AugmentedPatch Sample(AugmentConfig cfg, int seed = 1) =>
        PatchAugmenter.Sample(Noise(7), (4, 4, 4), (32, 32, 32), [new Keypoint(20, 20, 20, 4)], cfg, new Random(seed));

    [Fact]
    public void Inverted_contrast_maps_every_voxel_to_255_minus_itself_and_keeps_the_keypoints()
    {
        var plain = Sample(Off);
        var inverted = Sample(Off with { InvertP = 1 });
        Assert.Equal("invert", inverted.Applied);
        Assert.Equal(plain.Image.Data.Select(v => (byte)(255 - v)), inverted.Image.Data);
        Assert.Equal(plain.Keypoints, inverted.Keypoints);
    }

    [Fact]
    public void Blur_keeps_a_constant_patch_and_spreads_an_impulse_evenly_along_every_axis()
    {
        var constant = Enumerable.Repeat(80f, 16 * 16 * 16).ToArray();
        PatchAugmenter.GaussianBlur(constant, (16, 16, 16), 1.2);
        Assert.All(constant, v => Assert.Equal(80f, v, 3));

        var impulse = new float[17 * 17 * 17];
        static int I(int z, int y, int x) => (z * 17 + y) * 17 + x;
        impulse[I(8, 8, 8)] = 1000;
        PatchAugmenter.GaussianBlur(impulse, (17, 17, 17), 1.0);
        Assert.Equal(1000, impulse.Sum(), 1);
        var neighbours = new[] { I(7, 8, 8), I(9, 8, 8), I(8, 7, 8), I(8, 9, 8), I(8, 8, 7), I(8, 8, 9) }.Select(i => impulse[i]).ToArray();
        Assert.All(neighbours, v => Assert.Equal(neighbours[0], v, 3));
        Assert.True(impulse[I(8, 8, 8)] > neighbours[0]);
    }

    [Fact]
    public void Noise_has_the_drawn_share_of_the_patch_standard_deviation()
    {
        var plain = Sample(Off);
        var noisy = Sample(Off with { NoiseP = 1, NoiseStdRange = [0.5, 0.5] });
        Assert.Equal("noise", noisy.Applied);
        double Std(IEnumerable<double> v) { var a = v.ToArray(); var m = a.Average(); return Math.Sqrt(a.Sum(x => (x - m) * (x - m)) / a.Length); }
        var patchStd = Std(plain.Image.Data.Select(b => (double)b));
        // the uint8 clip at 0 and 255 trims the tails, so the added noise measures a little under 0.5 of the patch's spread
        var added = Std(noisy.Image.Data.Zip(plain.Image.Data, (a, b) => (double)a - b));
        Assert.InRange(added / patchStd, 0.38, 0.52);
    }

    [Fact]
    public void Probabilities_outside_zero_to_one_and_inverted_ranges_are_refused_by_name()
    {
        var e = Assert.Throws<MotorPickException>(() => new TrainOptions { Augment = new AugmentConfig { InvertP = 1.5 } }.Validate(32));
        Assert.Contains("augment.invert_p", e.Message);
        e = Assert.Throws<MotorPickException>(() => new TrainOptions { Augment = new AugmentConfig { BlurSigmaRange = [2, 1] } }.Validate(32));
        Assert.Contains("augment.blur_sigma_range", e.Message);
    }
}
