using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Npy;
using MotorPick.Formats.Voxels;
using MotorPick.Volumes;
using MotorPick.Volumes.Files;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Model.Data;

/// <summary>The few volume reads and writes the training data path needs, delegated to MotorPick.Formats / Volumes.</summary>
internal static class VolumeIo
{
    /// <summary>
    /// Reads any supported volume (JPEG slice folder, OME-Zarr, MRC, NPY) as uint8 at <paramref name="targetSpacing"/>,
    /// re-spaced with the reference's inference rule (F.interpolate trilinear, align_corners=False, floor(n·ori/target),
    /// truncation to uint8), taking <paramref name="originalSpacing"/> from the label table. The volume's voxel size is the target's.
    /// </summary>
    public static Volume<byte> ReadRespaced(IVolumeReader reader, double originalSpacing, double targetSpacing)
    {
        // the models learn 0..255 grey levels: any other type is mapped to them by the reference's percentile window
        var options = ModelInput.PipelineOptions(ModelInput.Window(reader.VoxelType), originalSpacing, targetSpacing);
        // equal spacings skip the re-spacing and keep the source's size; the volume is at the target's either way
        return new VolumePipeline(reader, options).RunToVolume<byte>().WithVoxelSize(VoxelSize.Isotropic(targetSpacing));
    }
}
