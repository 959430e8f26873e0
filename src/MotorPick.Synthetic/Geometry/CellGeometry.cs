using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic.Geometry;

/// <summary>Signed distance (Angstrom, negative inside) to the surface of a cell: exact for rods (capsules), the
/// first-order approximation |p/r| (|p/r| - 1) / |p/r^2| for ellipsoids, which is accurate near the surface.</summary>
public sealed class CellGeometry
{
    private readonly CellSpec _cell;
    private readonly ZyxVector _a, _e1, _e2;
    private readonly double _ra, _r1, _r2;
    // Float copies for the voxel loops (casting doubles per voxel is measurable).
    private readonly float _cz, _cy, _cx, _az, _ay, _ax, _e1z, _e1y, _e1x, _e2z, _e2y, _e2x, _fra, _fr1, _fr2, _hl, _r;
    private readonly bool _rod;

    public CellGeometry(CellSpec cell)
    {
        _cell = cell;
        _a = cell.Axis.Normalized();
        var up = new ZyxVector(1, 0, 0);
        var e2 = up - _a * up.Dot(_a);
        _e2 = e2.Length < 1e-6 ? _a.AnyPerpendicular() : e2.Normalized();
        _e1 = _a.Cross(_e2).Normalized();
        _ra = cell.RadiusA + cell.HalfLengthA;
        _r1 = cell.RadiusA;
        _r2 = cell.RadiusA * cell.Flattening;
        (_cz, _cy, _cx) = ((float)cell.Center.Z, (float)cell.Center.Y, (float)cell.Center.X);
        (_az, _ay, _ax) = ((float)_a.Z, (float)_a.Y, (float)_a.X);
        (_e1z, _e1y, _e1x) = ((float)_e1.Z, (float)_e1.Y, (float)_e1.X);
        (_e2z, _e2y, _e2x) = ((float)_e2.Z, (float)_e2.Y, (float)_e2.X);
        (_fra, _fr1, _fr2) = ((float)_ra, (float)_r1, (float)_r2);
        _hl = (float)cell.HalfLengthA;
        _r = (float)cell.RadiusA;
        _rod = cell.Kind == CellKind.Rod;
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
                    new ZyxVector(Math.Min(p.Z, q.Z), Math.Min(p.Y, q.Y), Math.Min(p.X, q.X)),
                    new ZyxVector(Math.Max(p.Z, q.Z), Math.Max(p.Y, q.Y), Math.Max(p.X, q.X))).Inflate(_cell.RadiusA);
            }
            return Box3.Around(c, _ra);
        }
    }

    public double Distance(ZyxVector p)
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
    public ZyxVector Gradient(ZyxVector p)
    {
        const double h = 1.0;
        var g = new ZyxVector(
            Distance(p + new ZyxVector(h, 0, 0)) - Distance(p - new ZyxVector(h, 0, 0)),
            Distance(p + new ZyxVector(0, h, 0)) - Distance(p - new ZyxVector(0, h, 0)),
            Distance(p + new ZyxVector(0, 0, h)) - Distance(p - new ZyxVector(0, 0, h)));
        return g.Normalized();
    }

    /// <summary>Moves <paramref name="p"/> onto the level set Distance = <paramref name="level"/> by Newton steps.</summary>
    public ZyxVector Project(ZyxVector p, double level)
    {
        for (var i = 0; i < 12; i++)
        {
            var err = Distance(p) - level;
            if (Math.Abs(err) < 0.01) break;
            p -= Gradient(p) * err;
        }
        return p;
    }

    /// <summary>Float fast path of <see cref="Distance(ZyxVector)"/> for the voxel loops; (z, y, x) relative to nothing (absolute A).</summary>
    public float DistanceF(float pz, float py, float px)
    {
        float dz = pz - _cz, dy = py - _cy, dx = px - _cx;
        var along = dz * _az + dy * _ay + dx * _ax;
        if (_rod)
        {
            var t = along < -_hl ? -_hl : along > _hl ? _hl : along;
            float rz = dz - _az * t, ry = dy - _ay * t, rx = dx - _ax * t;
            return MathF.Sqrt(rz * rz + ry * ry + rx * rx) - _r;
        }
        var u = along / _fra;
        var v = (dz * _e1z + dy * _e1y + dx * _e1x) / _fr1;
        var w = (dz * _e2z + dy * _e2y + dx * _e2x) / _fr2;
        var k0 = MathF.Sqrt(u * u + v * v + w * w);
        float u2 = u / _fra, v2 = v / _fr1, w2 = w / _fr2;
        var k1 = MathF.Sqrt(u2 * u2 + v2 * v2 + w2 * w2);
        return k1 > 0 ? k0 * (k0 - 1) / k1 : -_fr2;
    }
}
