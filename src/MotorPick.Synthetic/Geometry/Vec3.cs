using MotorPick.Synthetic.Randomness;

namespace MotorPick.Synthetic.Geometry;

/// <summary>A point or direction in (z, y, x) order, in Angstrom unless stated otherwise.</summary>
public readonly record struct Vec3(double Z, double Y, double X)
{
    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.Z + b.Z, a.Y + b.Y, a.X + b.X);
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.Z - b.Z, a.Y - b.Y, a.X - b.X);
    public static Vec3 operator -(Vec3 a) => new(-a.Z, -a.Y, -a.X);
    public static Vec3 operator *(Vec3 a, double s) => new(a.Z * s, a.Y * s, a.X * s);
    public static Vec3 operator *(double s, Vec3 a) => a * s;
    public static Vec3 operator /(Vec3 a, double s) => new(a.Z / s, a.Y / s, a.X / s);

    public double Dot(Vec3 b) => Z * b.Z + Y * b.Y + X * b.X;
    public Vec3 Cross(Vec3 b) => new(Y * b.X - X * b.Y, X * b.Z - Z * b.X, Z * b.Y - Y * b.Z);
    public double Length => Math.Sqrt(Dot(this));
    public Vec3 Normalized()
    {
        var l = Length;
        return l > 0 ? this / l : new Vec3(1, 0, 0);
    }

    /// <summary>Any unit vector perpendicular to this one.</summary>
    public Vec3 AnyPerpendicular()
    {
        var helper = Math.Abs(Z) < 0.9 ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0);
        return Cross(helper).Normalized();
    }

    /// <summary>A uniformly random unit vector (rejection in the unit ball: no trigonometry needed).</summary>
    public static Vec3 RandomUnit(ref CounterRng rng)
    {
        while (true)
        {
            var v = new Vec3(rng.Uniform(-1, 1), rng.Uniform(-1, 1), rng.Uniform(-1, 1));
            var l2 = v.Dot(v);
            if (l2 > 1e-6 && l2 <= 1) return v / Math.Sqrt(l2);
        }
    }

    /// <summary>A random unit vector in the y-x plane, tilted out of it by at most <paramref name="maxTiltSin"/> (sine of the angle).</summary>
    public static Vec3 RandomNearlyFlat(ref CounterRng rng, double maxTiltSin)
    {
        var (s, c) = DetMath.SinCos(rng.Uniform(0, 2 * Math.PI));
        var z = rng.Uniform(-maxTiltSin, maxTiltSin);
        var h = Math.Sqrt(1 - z * z);
        return new Vec3(z, h * s, h * c);
    }

    public double[] ToArray() => [Z, Y, X];
}

/// <summary>An axis-aligned box in Angstrom.</summary>
public readonly record struct Box3(Vec3 Min, Vec3 Max)
{
    public static Box3 Around(Vec3 c, double r) => new(c - new Vec3(r, r, r), c + new Vec3(r, r, r));

    public Box3 Union(Box3 b) => new(
        new Vec3(Math.Min(Min.Z, b.Min.Z), Math.Min(Min.Y, b.Min.Y), Math.Min(Min.X, b.Min.X)),
        new Vec3(Math.Max(Max.Z, b.Max.Z), Math.Max(Max.Y, b.Max.Y), Math.Max(Max.X, b.Max.X)));

    public Box3 Inflate(double r) => new(Min - new Vec3(r, r, r), Max + new Vec3(r, r, r));
}
