using MotorPick.Volumes;

namespace MotorPick.Inference.Respacing;

/// <summary>Predict's view of a re-spaced tomogram (<see cref="StreamingRespacer"/>): a uint8 <see cref="Volume{T}"/>
/// held as planes at one isotropic spacing.</summary>
public static class RespacedVolume
{
    extension(Volume<byte> volume)
    {
        /// <summary>The spacing (A) the tomogram was re-spaced to, the same along every axis.</summary>
        public double Spacing => volume.VoxelSize.X;
    }
}
