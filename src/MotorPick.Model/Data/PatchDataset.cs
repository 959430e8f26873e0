using MotorPick.Core;
using MotorPick.Model.Augment;
using MotorPick.Model.Targets;
using MotorPick.Volumes;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Model.Data;

/// <summary>A finished training example: the uint8 patch and its heatmap target at the output stride.</summary>
public sealed record TrainingExample(Volume<byte> Image, Volume<float> Heatmap, IReadOnlyList<Keypoint> Keypoints, string Applied);

/// <summary>
/// Turns a <see cref="SampleItem"/> into a <see cref="TrainingExample"/>: crop + augment (keypoints carried along),
/// apply the item's rot90/flip variant to image and keypoints, render the Gaussian target with the transformed sigmas.
/// Each item gets its own random stream derived from (seed, step, index), so batches can be prepared in parallel and
/// in any order while a run stays reproducible.
/// </summary>
public sealed class PatchDataset(IReadOnlyList<TrainTomogram> tomograms, (int D, int H, int W) patch, int stride, double sigmaVoxels, AugmentConfig augment)
{
    public IReadOnlyList<TrainTomogram> Tomograms => tomograms;

    public TrainingExample Build(SampleItem item, Random rng)
    {
        var tomo = tomograms[item.Tomogram];
        var kps = tomo.Motors.Select(m => new Keypoint(m.Z, m.Y, m.X, sigmaVoxels)).ToList();
        var aug = PatchAugmenter.Sample(tomo.Volume, item.Start, patch, kps, augment, rng);
        var tta = TtaCode.Parse(item.Tta);
        var image = tta.IsIdentity ? aug.Image : tta.Apply(aug.Image);
        var moved = aug.Keypoints.Select(k => tta.Apply(k, patch.D, patch.H, patch.W)).ToList();
        var heatmap = GaussianHeatmap.Render(image.D, image.H, image.W, stride, moved, image.VoxelSize);
        return new TrainingExample(image, heatmap, moved, aug.Applied);
    }

    /// <summary>A deterministic random stream for item <paramref name="index"/> of optimiser step <paramref name="step"/>.</summary>
    public static Random ItemRandom(int seed, long step, int index) =>
        new(StableHash.Seed(seed, step, index));
}
