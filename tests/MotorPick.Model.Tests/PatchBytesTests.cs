using System.Runtime.InteropServices;
using System.Security.Cryptography;
using MotorPick.Labels;
using MotorPick.Model.Data;

namespace MotorPick.Model.Tests;

/// <summary>
/// Pins the bytes of sampled, augmented training examples (image patch and heatmap target) for a fixed seed, so that a
/// change to the volume types or the augmentation code that alters what training sees fails here, not weeks later as a
/// drift in trained weights. The hashes were recorded before Grid3 was folded into Volume&lt;T&gt;.
/// </summary>
public class PatchBytesTests
{
    [Fact]
    public void SampledAugmentedExamplesKeepTheirBytesForAFixedSeed()
    {
        var tomograms = new[]
        {
            TrainingFixtures.Tomogram("t0", 1, new Point3(10, 20, 30)),
            TrainingFixtures.Tomogram("t1", 2, new Point3(20, 40, 12)),
            TrainingFixtures.Tomogram("t2", 3),
        };
        var patch = (16, 32, 32);
        var sampler = new PrePatchSampler(tomograms, patch, bgRatio: 0.5, bgFromPosRatio: 0.25);
        var augment = TrainingFixtures.Options().Augment with { IntensityP = 1, LowResP = 0.5, DropoutP = 0.5 };
        var dataset = new PatchDataset(tomograms, patch, stride: 4, sigmaVoxels: 6, augment);
        using var images = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var heatmaps = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var applied = new List<string>();
        var items = sampler.Epoch(new Random(7)).Take(12).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            var ex = dataset.Build(items[i], PatchDataset.ItemRandom(seed: 7, step: 3, index: i));
            images.AppendData(ex.Image.Data);
            heatmaps.AppendData(MemoryMarshal.AsBytes(ex.Heatmap.Data.AsSpan()));
            applied.Add(ex.Applied);
        }
        Assert.Equal("8ff2ff644836e9540dcd309c2b7bb10592b9ce7e88d26da1d7573e944a1d8a1f", Convert.ToHexStringLower(images.GetHashAndReset()));
        Assert.Equal("92d13b02a8ca72c1de4a7c3b76bdb759991aad45cd80e3470048b41225f816f6", Convert.ToHexStringLower(heatmaps.GetHashAndReset()));
        // the hashes cover plain crops and the warped path (zoom, affine, tilted affine) with every later augmentation
        Assert.Equal("affine||histshift+lowres|gamma+lowres|zoom+gamma+lowres+dropout||zoom+affine+shift+dropout|dropout|zoom+affine3d+scale|affine+lowres+dropout||affine",
            string.Join('|', applied));
    }
}
