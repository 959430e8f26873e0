namespace MotorPick.Model.Augment;

/// <summary>
/// Augmentation probabilities and ranges (docs/reference.md 8.5 defaults). Every spatial transform carries the
/// keypoints; the heatmap is rendered afterwards with sigma rescaled by the transform.
/// </summary>
public sealed record AugmentConfig
{
    /// <summary>Master switch (validation and tests use <see cref="None"/>).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>RandZoom: probability and per-axis zoom range (&gt; 1 magnifies), keeping the patch size.</summary>
    public double ZoomP { get; init; } = 0.4;
    public double[] ZoomRange { get; init; } = [0.6, 1.2];

    /// <summary>Probability of the affine OneOf (the reference's two RandAffines, each p 0.75, weights 2:1).</summary>
    public double AffineP { get; init; } = 0.75;
    /// <summary>Weight of the tilted affine (rotation about x/y, shear) against the z-only one (2:1 in the reference).</summary>
    public double TiltedAffineWeight { get; init; } = 1.0 / 3.0;
    /// <summary>Rotation about z: uniform in [0, this] radians.</summary>
    public double RotateZMax { get; init; } = 2 * Math.PI;
    /// <summary>Tilt about x and y (tilted affine): uniform in ±this radians (15°).</summary>
    public double TiltMax { get; init; } = 15 * Math.PI / 180;
    public double ShearMax { get; init; } = 0.2;
    /// <summary>Per-axis scale: 1 + uniform(±this).</summary>
    public double ScaleMax { get; init; } = 0.3;

    /// <summary>Probability of applying one of the intensity transforms (OneOf weights 0.4/0.2/0.3/0.1 below).</summary>
    public double IntensityP { get; init; } = 1.0;
    public double[] IntensityWeights { get; init; } = [0.4, 0.2, 0.3, 0.1];
    /// <summary>Mean shift then contrast around the mean, each with this probability.</summary>
    public double ShiftContrastP { get; init; } = 0.293;
    public double[] ShiftOffsetRange { get; init; } = [-40, 80];
    public double[] StdShiftRange { get; init; } = [-0.7, 1.2];
    public double ScaleIntensityP { get; init; } = 0.5;
    public double ScaleIntensityMax { get; init; } = 0.7;
    public double GammaP { get; init; } = 0.5;
    public double[] GammaRange { get; init; } = [0.25, 1.75];
    public double HistogramShiftP { get; init; } = 0.5;
    public int[] HistogramPoints { get; init; } = [10, 20];

    /// <summary>Simulated low resolution: probability and zoom range.</summary>
    public double LowResP { get; init; } = 0.2;
    public double[] LowResZoom { get; init; } = [0.6, 0.9];

    /// <summary>Coarse dropout: probability, hole count range, hole edge range (voxels), retries per hole.</summary>
    public double DropoutP { get; init; } = 0.1;
    public int[] DropoutHoles { get; init; } = [3, 8];
    public int[] DropoutSize { get; init; } = [31, 125];
    public int DropoutRetries { get; init; } = 10;

    /// <summary>Imaging randomisation beyond the reference (all off by default, so the reference's recipe draws the same
    /// random numbers): blur with a Gaussian of sigma in <see cref="BlurSigmaRange"/> voxels, then Gaussian noise of
    /// <see cref="NoiseStdRange"/> times the patch's standard deviation, then inverted contrast (255 - v), each with its
    /// probability. They make a detector meet the resolutions, noise levels and polarities real depositions have
    /// (docs/synthetic.md, imaging family).</summary>
    public double BlurP { get; init; }
    public double[] BlurSigmaRange { get; init; } = [0.5, 1.5];
    public double NoiseP { get; init; }
    public double[] NoiseStdRange { get; init; } = [0.1, 1.0];
    public double InvertP { get; init; }

    /// <summary>No augmentation at all (the 16 rot90/flip variants are chosen by the sampler, not here).</summary>
    public static AugmentConfig None { get; } = new() { Enabled = false };
}
