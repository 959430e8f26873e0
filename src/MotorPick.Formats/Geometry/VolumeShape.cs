using MotorPick.Core;

namespace MotorPick.Formats.Geometry;

/// <summary>Shape of a volume in C order: Z sections of Y rows of X voxels (X fastest).</summary>
public readonly record struct VolumeShape(int Z, int Y, int X)
{
    /// <summary>Z·Y·X.</summary>
    public long VoxelCount => (long)Z * Y * X;

    /// <summary>Voxels in one z section (Y·X).</summary>
    public long SectionVoxels => (long)Y * X;

    /// <summary>True when every dimension is at least 1.</summary>
    public bool IsPositive => Z > 0 && Y > 0 && X > 0;

    /// <summary>Throws unless the whole volume fits in one .NET array (at most <see cref="Array.MaxLength"/> elements).</summary>
    public void RequireArrayLength(string? path = null)
    {
        if (VoxelCount > Array.MaxLength)
            throw new MotorPickException($"volume {this} has {VoxelCount} voxels, more than one array can hold ({Array.MaxLength}); read it by z slabs instead", path);
    }

    /// <summary>A (z, y, x) tuple as a shape, so shapes compare with and are written as tuples (the training code's (D, H, W)).</summary>
    public static implicit operator VolumeShape((int Z, int Y, int X) shape) => new(shape.Z, shape.Y, shape.X);

    public override string ToString() => $"{Z}x{Y}x{X}";
}
