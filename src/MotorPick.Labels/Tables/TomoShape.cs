namespace MotorPick.Labels.Tables;

/// <summary>A tomogram's array shape (Z, Y, X) in voxels.</summary>
public readonly record struct TomoShape(int Z, int Y, int X)
{
    public long VoxelCount => (long)Z * Y * X;

    /// <summary>True when the point lies inside the array: voxel centres are at 0..n-1, so the volume spans [-0.5, n-0.5).</summary>
    public bool Contains(Point3 p) =>
        p.Z >= -0.5 && p.Z < Z - 0.5 && p.Y >= -0.5 && p.Y < Y - 0.5 && p.X >= -0.5 && p.X < X - 0.5;

    public override string ToString() => $"{Z}x{Y}x{X}";
}
