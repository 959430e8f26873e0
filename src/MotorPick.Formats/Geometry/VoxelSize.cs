using System.Globalization;

namespace MotorPick.Formats.Geometry;

/// <summary>Voxel size (spacing) in Angstrom along z, y and x. Zero means "unknown".</summary>
public readonly record struct VoxelSize(double Z, double Y, double X)
{
    /// <summary>The same size along all three axes.</summary>
    public static VoxelSize Isotropic(double size) => new(size, size, size);

    /// <summary>Unknown voxel size (all zero).</summary>
    public static VoxelSize Unknown => default;

    /// <summary>True when the three sizes agree to a relative 1e-6 (float32 header rounding).</summary>
    public bool IsIsotropic => Close(Z, Y) && Close(Y, X);

    /// <summary>True when all three sizes are positive.</summary>
    public bool IsKnown => Z > 0 && Y > 0 && X > 0;

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-6 * Math.Max(Math.Abs(a), Math.Abs(b));

    public override string ToString() => IsIsotropic
        ? X.ToString("G7", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"(z {Z:G7}, y {Y:G7}, x {X:G7})");
}
