using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Resampling;

namespace MotorPick.Volumes.Streaming;

/// <summary>Percentile clip-and-scale to [0, 1] (docs/reference.md 2.3 step 6).</summary>
/// <param name="LowerPercent">Lower percentile in % (numpy linear).</param>
/// <param name="UpperPercent">Upper percentile in %.</param>
public sealed record PercentileWindow(double LowerPercent, double UpperPercent)
{
    /// <summary>The external-data constants of the reference download script: the mean fractions (%) of voxels
    /// equal to 0 and 255 in the competition training tomograms.</summary>
    public static PercentileWindow Reference { get; } = new(0.87910068792905, 99.06423106440042);
}

/// <summary>What a <see cref="VolumePipeline"/> does to the voxels, in the reference's order: load fix, portal fix,
/// percentile normalisation, re-spacing, then conversion to the writer's type.</summary>
public sealed record VolumePipelineOptions
{
    /// <summary>Target voxel size in A (isotropic); null keeps the voxel grid.</summary>
    public double? TargetVoxelSize { get; init; }

    /// <summary>Never upsample: use <c>max(ori, target)</c> per axis, as the reference's download script did.</summary>
    public bool OnlyDownsample { get; init; }

    public ResampleMethod Method { get; init; } = ResampleMethod.TorchTrilinear;

    /// <summary>Voxel size to assume for the source (e.g. from a label table for a JPEG stack); null uses the source's.</summary>
    public VoxelSize? SourceVoxelSize { get; init; }

    /// <summary>Applied to raw values at load (the competition +127 fix).</summary>
    public QuantisationFix LoadFix { get; init; } = QuantisationFix.None;

    /// <summary>Apply the portal int8-as-uint8 fix when the volume is <c>detected_as_uint8_range</c>.</summary>
    public bool PortalFixWhenDetected { get; init; }

    /// <summary>Clip and scale to [0, 1] between two percentiles; uint8 output is then <c>trunc(clip(255x, 0, 255))</c>.</summary>
    public PercentileWindow? Normalize { get; init; }

    /// <summary>Round resampled values to IEEE binary16 before the uint8 conversion, as the reference's
    /// <c>histogram.json</c> did (it resampled <c>tomo.half()</c>). Off by default: inference resampled float32.</summary>
    public bool RoundToHalf { get; init; }

    /// <summary>Also compute the 256-bin histogram of the loaded values (reported in <see cref="VolumePipeline.Profile"/>).</summary>
    public bool ComputeHistogram { get; init; }

    /// <summary>Threads (-1: all cores).</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Voxels per input read and per output batch (16 MB of float32 by default). Small values only for tests.</summary>
    public long SlabVoxels { get; init; } = 4L << 20;
}
