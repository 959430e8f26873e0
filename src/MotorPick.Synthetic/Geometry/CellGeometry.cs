using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic.Geometry;

/// <summary>Signed distance (Angstrom, negative inside) to the surface of a cell: exact for rods (capsules), the
/// first-order approximation |p/r| (|p/r| - 1) / |p/r^2| for ellipsoids, which is accurate near the surface.</summary>
public sealed class CellGeometry
{
    private readonly CellSpec _cell;
    private readonly Vec3 _a, _e1, _e2;
    private readonly double _ra, _r1, _r2;

    public CellGeometry(CellSpec cell)
    {
        _cell = cell;
        _a = cell.Axis.Normalized();
        var up = new Vec3(1, 0, 0);
        var e2 = up - _a * up.Dot(_a);
        _e2 = e2.Length < 1e-6 ? _a.AnyPerpendicular() : e2.Normalized();
        _e1 = _a.Cross(_e2).Normalized();
        _ra = cell.RadiusA + cell.HalfLengthA;
        _r1 = cell.RadiusA;
        _r2 = cell.RadiusA * cell.Flattening;
    }

    public CellSpec Spec => _cell;

    /// <summary>Axis-aligned bounds of the cell.</summary>
    public Box3 Bounds
    {
        get
        {
            var c = _cell.Center;
            if (_cell.Kind == CellKind.Rod)
            {
                var h = _a * _cell.HalfLengthA;
                var p = c + h;
                var q = c - h;
                return new Box3(
                    new Vec3(Math.Min(p.Z, q.Z), Math.Min(p.Y, q.Y), Math.Min(p.X, q.X)),
                    new Vec3(Math.Max(p.Z, q.Z), Math.Max(p.Y, q.Y), Math.Max(p.X, q.X))).Inflate(_cell.RadiusA);
            }
            return Box3.Around(c, _ra);
        }
    }

    public double Distance(Vec3 p)
    {
        var d = p - _cell.Center;
        if (_cell.Kind == CellKind.Rod)
        {
            var t = Math.Clamp(d.Dot(_a), -_cell.HalfLengthA, _cell.HalfLengthA);
            return (d - _a * t).Length - _cell.RadiusA;
        }
        double u = d.Dot(_a) / _ra, v = d.Dot(_e1) / _r1, w = d.Dot(_e2) / _r2;
        var k0 = Math.Sqrt(u * u + v * v + w * w);
        double u2 = u / _ra, v2 = v / _r1, w2 = w / _r2;
        var k1 = Math.Sqrt(u2 * u2 + v2 * v2 + w2 * w2);
        return k1 > 0 ? k0 * (k0 - 1) / k1 : -_r2;
    }

    /// <summary>Outward unit normal of the distance field at <paramref name="p"/> (central differences).</summary>
    public Vec3 Gradient(Vec3 p)
    {
        const double h = 1.0;
        var g = new Vec3(
            Distance(p + new Vec3(h, 0, 0)) - Distance(p - new Vec3(h, 0, 0)),
            Distance(p + new Vec3(0, h, 0)) - Distance(p - new Vec3(0, h, 0)),
            Distance(p + new Vec3(0, 0, h)) - Distance(p - new Vec3(0, 0, h)));
        return g.Normalized();
    }

    /// <summary>Moves <paramref name="p"/> onto the level set Distance = <paramref name="level"/> by Newton steps.</summary>
    public Vec3 Project(Vec3 p, double level)
    {
        for (var i = 0; i < 12; i++)
        {
            var err = Distance(p) - level;
            if (Math.Abs(err) < 0.01) break;
            p -= Gradient(p) * err;
        }
        return p;
    }

    /// <summary>Float fast path of <see cref="Distance(Vec3)"/> for the voxel loops; (z, y, x) relative to nothing (absolute A).</summary>
    public float DistanceF(float pz, float py, float px)
    {
        float dz = pz - (float)_cell.Center.Z, dy = py - (float)_cell.Center.Y, dx = px - (float)_cell.Center.X;
        float az = (float)_a.Z, ay = (float)_a.Y, ax = (float)_a.X;
        var along = dz * az + dy * ay + dx * ax;
        if (_cell.Kind == CellKind.Rod)
        {
            var hl = (float)_cell.HalfLengthA;
            var t = along < -hl ? -hl : along > hl ? hl : along;
            float rz = dz - az * t, ry = dy - ay * t, rx = dx - ax * t;
            return MathF.Sqrt(rz * rz + ry * ry + rx * rx) - (float)_cell.RadiusA;
        }
        var u = along / (float)_ra;
        var v = (dz * (float)_e1.Z + dy * (float)_e1.Y + dx * (float)_e1.X) / (float)_r1;
        var w = (dz * (float)_e2.Z + dy * (float)_e2.Y + dx * (float)_e2.X) / (float)_r2;
        var k0 = MathF.Sqrt(u * u + v * v + w * w);
        float u2 = u / (float)_ra, v2 = v / (float)_r1, w2 = w / (float)_r2;
        var k1 = MathF.Sqrt(u2 * u2 + v2 * v2 + w2 * w2);
        return k1 > 0 ? k0 * (k0 - 1) / k1 : -(float)_r2;
    }
}
