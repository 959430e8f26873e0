using MotorPick.Volumes;

namespace MotorPick.Model;

/// <summary>
/// The PyTorch axis names (D, H, W) that the sampling, augmentation and target code use for a volume's (Z, Y, X):
/// a training tomogram, a patch or a heatmap target is a <see cref="Volume{T}"/>, and these read its shape in that vocabulary
/// (in the root namespace, so every MotorPick.Model namespace sees them).
/// </summary>
public static class TrainingAxes
{
    extension<T>(Volume<T> volume) where T : unmanaged
    {
        /// <summary>Depth: planes along z.</summary>
        public int D => volume.Shape.Z;

        /// <summary>Height: rows along y.</summary>
        public int H => volume.Shape.Y;

        /// <summary>Width: voxels along x.</summary>
        public int W => volume.Shape.X;
    }
}
