namespace MotorPick.Labels;

/// <summary>A point in (z, y, x) voxel coordinates of a tomogram (voxel centres at integer positions).</summary>
public readonly record struct Point3(double Z, double Y, double X)
{
    /// <summary>The competition's "no motor" marker: -1 on any axis.</summary>
    public bool IsNone => Z == -1 || Y == -1 || X == -1;

    public static Point3 None => new(-1, -1, -1);

    public double DistanceTo(Point3 other)
    {
        var dz = Z - other.Z;
        var dy = Y - other.Y;
        var dx = X - other.X;
        return Math.Sqrt(dz * dz + dy * dy + dx * dx);
    }

    public Point3 Scale(double s) => new(Z * s, Y * s, X * s);

    public override string ToString() => $"({Z}, {Y}, {X})";
}
