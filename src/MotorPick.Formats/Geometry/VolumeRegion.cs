namespace MotorPick.Formats.Geometry;

/// <summary>A box of voxels: start (Z0, Y0, X0) and size (Z, Y, X), in C order.</summary>
public readonly record struct VolumeRegion(int Z0, int Y0, int X0, int Z, int Y, int X)
{
    /// <summary>The whole of a volume.</summary>
    public static VolumeRegion All(VolumeShape shape) => new(0, 0, 0, shape.Z, shape.Y, shape.X);

    /// <summary>Whole z sections [z0, z0+count).</summary>
    public static VolumeRegion Sections(VolumeShape shape, int z0, int count) => new(z0, 0, 0, count, shape.Y, shape.X);

    /// <summary>Z·Y·X.</summary>
    public long VoxelCount => (long)Z * Y * X;

    /// <summary>The size as a shape.</summary>
    public VolumeShape Shape => new(Z, Y, X);

    /// <summary>True when the region is non-negative in size and lies inside <paramref name="shape"/>.</summary>
    public bool IsInside(VolumeShape shape) =>
        Z0 >= 0 && Y0 >= 0 && X0 >= 0 && Z >= 0 && Y >= 0 && X >= 0 &&
        (long)Z0 + Z <= shape.Z && (long)Y0 + Y <= shape.Y && (long)X0 + X <= shape.X;

    public override string ToString() => $"[{Z0}:{Z0 + Z}, {Y0}:{Y0 + Y}, {X0}:{X0 + X}]";
}
