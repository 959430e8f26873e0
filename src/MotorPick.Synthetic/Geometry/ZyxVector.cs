using MotorPick.Synthetic.Randomness;

namespace MotorPick.Synthetic.Geometry;

/// <summary>
/// A point or direction in (z, y, x) order, in Angstrom unless stated otherwise; named for its axis order beside
/// Interop's <c>XyzPoint</c>, the x, y, z order foreign tools write.
/// </summary>
public readonly record struct ZyxVector(double Z, double Y, double X)
{
    public static ZyxVector operator +(ZyxVector a, ZyxVector b) => new(a.Z + b.Z, a.Y + b.Y, a.X + b.X);
    public static ZyxVector operator -(ZyxVector a, ZyxVector b) => new(a.Z - b.Z, a.Y - b.Y, a.X - b.X);
    public static ZyxVector operator -(ZyxVector a) => new(-a.Z, -a.Y, -a.X);
    public static ZyxVector operator *(ZyxVector a, double s) => new(a.Z * s, a.Y * s, a.X * s);
    public static ZyxVector operator *(double s, ZyxVector a) => a * s;
    public static ZyxVector operator /(ZyxVector a, double s) => new(a.Z / s, a.Y / s, a.X / s);

    public double Dot(ZyxVector b) => Z * b.Z + Y * b.Y + X * b.X;
    public ZyxVector Cross(ZyxVector b) => new(Y * b.X - X * b.Y, X * b.Z - Z * b.X, Z * b.Y - Y * b.Z);
    public double Length => Math.Sqrt(Dot(this));
    public ZyxVector Normalized()
    {
        var l = Length;
        return l > 0 ? this / l : new ZyxVector(1, 0, 0);
    }

    /// <summary>Any unit vector perpendicular to this one.</summary>
    public ZyxVector AnyPerpendicular()
    {
        var helper = Math.Abs(Z) < 0.9 ? new ZyxVector(1, 0, 0) : new ZyxVector(0, 1, 0);
        return Cross(helper).Normalized();
    }

    /// <summary>A uniformly random unit vector (rejection in the unit ball: no trigonometry needed).</summary>
    public static ZyxVector RandomUnit(ref CounterRng rng)
    {
        while (true)
        {
            var v = new ZyxVector(rng.Uniform(-1, 1), rng.Uniform(-1, 1), rng.Uniform(-1, 1));
            var l2 = v.Dot(v);
            if (l2 > 1e-6 && l2 <= 1) return v / Math.Sqrt(l2);
        }
    }

    /// <summary>A random unit vector in the y-x plane, tilted out of it by at most <paramref name="maxTiltSin"/> (sine of the angle).</summary>
    public static ZyxVector RandomNearlyFlat(ref CounterRng rng, double maxTiltSin)
    {
        var (s, c) = DetMath.SinCos(rng.Uniform(0, 2 * Math.PI));
        var z = rng.Uniform(-maxTiltSin, maxTiltSin);
        var h = Math.Sqrt(1 - z * z);
        return new ZyxVector(z, h * s, h * c);
    }

    public double[] ToArray() => [Z, Y, X];
}

/// <summary>An axis-aligned box in Angstrom.</summary>
public readonly record struct Box3(ZyxVector Min, ZyxVector Max)
{
    public static Box3 Around(ZyxVector c, double r) => new(c - new ZyxVector(r, r, r), c + new ZyxVector(r, r, r));

    public Box3 Union(Box3 b) => new(
        new ZyxVector(Math.Min(Min.Z, b.Min.Z), Math.Min(Min.Y, b.Min.Y), Math.Min(Min.X, b.Min.X)),
        new ZyxVector(Math.Max(Max.Z, b.Max.Z), Math.Max(Max.Y, b.Max.Y), Math.Max(Max.X, b.Max.X)));

    public Box3 Inflate(double r) => new(Min - new ZyxVector(r, r, r), Max + new ZyxVector(r, r, r));
}
