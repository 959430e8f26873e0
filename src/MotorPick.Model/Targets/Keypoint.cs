namespace MotorPick.Model.Targets;

/// <summary>
/// A motor in patch voxel coordinates (voxel centres at integer positions) with the isotropic standard
/// deviation of its Gaussian target in the same voxels (200 Å / spacing in the reference).
/// </summary>
public readonly record struct Keypoint(double Z, double Y, double X, double Sigma)
{
    public Keypoint Shift(double dz, double dy, double dx) => this with { Z = Z + dz, Y = Y + dy, X = X + dx };

    /// <summary>True when the point lies in [0, size-1] on every axis (the reference keeps only these).</summary>
    public bool Inside(int d, int h, int w) => Z >= 0 && Y >= 0 && X >= 0 && Z <= d - 1 && Y <= h - 1 && X <= w - 1;
}
