namespace MotorPick.Volumes.Resampling;

/// <summary>How a volume is re-spaced to a target voxel size (docs/reference.md 5.2, 8.2).</summary>
public enum ResampleMethod
{
    /// <summary>PyTorch <c>F.interpolate(mode="trilinear", align_corners=False, recompute_scale_factor=False)</c>
    /// with <c>scale_factor = ori/target</c>: output <c>floor(n*ori/target)</c>, source
    /// <c>float32(1/scale)*(i+0.5)-0.5</c> clamped at 0, computed in float32 (the reference's inference and data tools).</summary>
    TorchTrilinear,

    /// <summary>MONAI <c>Spacing</c> (the reference's training loader): output
    /// <c>round_half_even((n-1)*ori/target+1)</c>, source <c>i*target/ori</c> (corner-aligned), zero outside.</summary>
    MonaiSpacing,

    /// <summary>Area averaging (PyTorch <c>mode="area"</c> = adaptive average pooling): output <c>floor(n*ori/target)</c>,
    /// output i averages inputs <c>floor(i*n/m) .. ceil((i+1)*n/m)-1</c>. Meant for downsampling.</summary>
    Area,
}
