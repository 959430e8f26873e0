namespace MotorPick.Interop.Conventions;

/// <summary>A point as foreign tools write it: x, y, z (x fastest), in the unit of its format.</summary>
public readonly record struct Vec3(double X, double Y, double Z)
{
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vec3 operator *(Vec3 a, double s) => new(a.X * s, a.Y * s, a.Z * s);

    public static Vec3 operator /(Vec3 a, double s) => new(a.X / s, a.Y / s, a.Z / s);

    public static Vec3 Zero => default;

    public bool IsZero => X == 0 && Y == 0 && Z == 0;

    public override string ToString() => $"x {MotorPick.Core.PyFormat.Float(X)}, y {MotorPick.Core.PyFormat.Float(Y)}, z {MotorPick.Core.PyFormat.Float(Z)}";
}
