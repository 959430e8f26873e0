namespace MotorPick.Interop.Conventions;

/// <summary>
/// A point as foreign tools write it: x, y, z (x fastest), in the unit of its format. Named for its axis order because
/// MotorPick counts z, y, x everywhere else (label tables, volumes, Synthetic's ZyxVector).
/// </summary>
public readonly record struct XyzPoint(double X, double Y, double Z)
{
    public static XyzPoint operator -(XyzPoint a, XyzPoint b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static XyzPoint operator +(XyzPoint a, XyzPoint b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static XyzPoint operator *(XyzPoint a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    public static XyzPoint operator /(XyzPoint a, double s) => new(a.X / s, a.Y / s, a.Z / s);

    public static XyzPoint Zero => default;

    public bool IsZero => X == 0 && Y == 0 && Z == 0;

    public override string ToString() => $"x {MotorPick.Core.PyFormat.Float(X)}, y {MotorPick.Core.PyFormat.Float(Y)}, z {MotorPick.Core.PyFormat.Float(Z)}";
}
