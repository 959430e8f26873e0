using MotorPick.Synthetic.Geometry;
using MotorPick.Synthetic.Randomness;
using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic.Rendering;

/// <summary>Per-thread buffers for one z-slice: densities cut by the ice slab, densities that are not, and scratch.</summary>
internal sealed class SliceTarget(int ny, int nx, float spacing)
{
    public int Ny { get; } = ny;
    public int Nx { get; } = nx;
    public float Spacing { get; } = spacing;
    public float ZA { get; set; }
    public float[] Masked { get; } = new float[ny * nx];
    public float[] Unmasked { get; } = new float[ny * nx];
    public float[] Scratch { get; } = new float[ny * nx];

    /// <summary>Row buffers of the cytoplasm texture (sized by the renderer).</summary>
    public float[] TextureCoarse { get; set; } = [];
    public float[] TextureFine { get; set; } = [];
}

/// <summary>A scene part that adds its density (relative to ice) to the voxels of one slice inside its bounds.</summary>
internal abstract class SceneObject
{
    public abstract Box3 Bounds { get; }

    /// <summary>False for things outside the ice (contamination on its surface).</summary>
    public virtual bool IceMasked => true;

    /// <summary>Adds the density at slice <see cref="SliceTarget.ZA"/> for voxels [y0, y1) x [x0, x1).</summary>
    public abstract void Render(SliceTarget t, int y0, int y1, int x0, int x1);

    protected static float Bilayer(float s) =>
        DetMath.Bump((s - 18) / 14) + DetMath.Bump((s + 18) / 14) + 0.25f * DetMath.Bump(s / 30);
}

/// <summary>A cell: outer membrane, periplasm with the peptidoglycan layer, inner membrane and textured cytoplasm.</summary>
internal sealed class CellObject(CellGeometry geo, TextureField texture) : SceneObject
{
    private readonly float _inner = (float)geo.Spec.InnerMembraneOffsetA;
    private readonly float _pg = (float)(geo.Spec.InnerMembraneOffsetA + 35 + 0.45 * geo.Spec.PeriplasmA);

    public override Box3 Bounds => geo.Bounds.Inflate(60);

    public override void Render(SliceTarget t, int y0, int y1, int x0, int x1)
    {
        const float outer = (float)CellSpec.OuterMembraneOffsetA;
        var s = t.Spacing;
        var z = t.ZA;
        for (var y = y0; y < y1; y++)
        {
            var row = y * t.Nx;
            var ya = y * s;
            texture.PrepareRow(z, ya, t.TextureCoarse, t.TextureFine);
            for (var x = x0; x < x1; x++)
            {
                var xa = x * s;
                var d = geo.DistanceF(z, ya, xa);
                if (d > 60) continue;
                float v;
                if (d < _inner - 60)
                {
                    v = 0.28f + texture.AtRow(xa, t.TextureCoarse, t.TextureFine);
                }
                else
                {
                    v = Bilayer(d - outer) + Bilayer(d - _inner)
                        + 0.1f * DetMath.SmoothStep(-75, -60, -d) * DetMath.SmoothStep(_inner + 30, _inner + 45, d)
                        + 0.12f * DetMath.Bump((d - _pg) / 22);
                    var w = DetMath.SmoothStep(_inner - 25, _inner - 55, d);
                    if (w > 0) v += w * (0.28f + texture.AtRow(xa, t.TextureCoarse, t.TextureFine));
                }
                t.Masked[row + x] += v;
            }
        }
    }
}

/// <summary>A flagellar motor (see <see cref="MotorModel"/>) on the inner membrane, axis along the membrane normal.</summary>
internal sealed class MotorObject(MotorSpec motor) : SceneObject
{
    private readonly float _mz = (float)motor.MembranePoint.Z, _my = (float)motor.MembranePoint.Y, _mx = (float)motor.MembranePoint.X;
    private readonly float _nz = (float)motor.Normal.Z, _ny = (float)motor.Normal.Y, _nx = (float)motor.Normal.X;
    private readonly float _p = (float)motor.PeriplasmA;
    private readonly MotorShape? _shape = motor.Shape;
    private readonly float _rs = (float)(motor.Shape?.RadiusScale ?? 1), _hs = (float)(motor.Shape?.HeightScale ?? 1),
        _ds = (float)(motor.Shape?.DensityScale ?? 1);
    private readonly float _maxR = (float)(MotorModel.MaxRadiusA * Math.Max(1, motor.Shape?.RadiusScale ?? 1));

    public override Box3 Bounds
    {
        get
        {
            var a = motor.MembranePoint + motor.Normal * (MotorModel.BottomA * Math.Max(1, motor.Shape?.HeightScale ?? 1));
            var b = motor.MembranePoint + motor.Normal * MotorModel.TopA(motor.PeriplasmA);
            return Box3.Around(a, 0).Union(Box3.Around(b, 0)).Inflate(_maxR + 20);
        }
    }

    public override void Render(SliceTarget t, int y0, int y1, int x0, int x1)
    {
        var s = t.Spacing;
        var dz = t.ZA - _mz;
        var maxR2 = _maxR * _maxR;
        for (var y = y0; y < y1; y++)
        {
            var row = y * t.Nx;
            var dy = y * s - _my;
            for (var x = x0; x < x1; x++)
            {
                var dx = x * s - _mx;
                var h = dz * _nz + dy * _ny + dx * _nx;
                var r2 = dz * dz + dy * dy + dx * dx - h * h;
                if (r2 > maxR2) continue;
                var rho = MathF.Sqrt(MathF.Max(r2, 0));
                t.Masked[row + x] += _shape is null ? MotorModel.Density(h, rho, _p) : MotorModel.Density(h, rho, _p, _rs, _hs, _ds);
            }
        }
    }
}

/// <summary>Soft spheres whose densities add (ribosome subunits, aggregates, granules, contamination, gold).</summary>
internal sealed class BlobObject(IReadOnlyList<Blob> blobs, float edgeFraction, bool iceMasked = true) : SceneObject
{
    public override bool IceMasked => iceMasked;

    public override Box3 Bounds
    {
        get
        {
            var box = Box3.Around(blobs[0].Center, blobs[0].RadiusA * (1 + edgeFraction) + 5);
            foreach (var b in blobs) box = box.Union(Box3.Around(b.Center, b.RadiusA * (1 + edgeFraction) + 5));
            return box;
        }
    }

    public override void Render(SliceTarget t, int y0, int y1, int x0, int x1)
    {
        var target = iceMasked ? t.Masked : t.Unmasked;
        var s = t.Spacing;
        foreach (var b in blobs)
        {
            float cz = (float)b.Center.Z, cy = (float)b.Center.Y, cx = (float)b.Center.X, r = (float)b.RadiusA, dens = (float)b.Density;
            var edge = MathF.Max(8, r * edgeFraction);
            var outer = r + edge;
            var dz = t.ZA - cz;
            if (MathF.Abs(dz) >= outer) continue;
            for (var y = y0; y < y1; y++)
            {
                var dy = y * s - cy;
                var row = y * t.Nx;
                for (var x = x0; x < x1; x++)
                {
                    var dx = x * s - cx;
                    var d2 = dz * dz + dy * dy + dx * dx;
                    if (d2 >= outer * outer) continue;
                    target[row + x] += dens * DetMath.SmoothStep(outer, r - edge, MathF.Sqrt(d2));
                }
            }
        }
    }
}

/// <summary>A membrane vesicle: a bilayer shell with a nearly empty lumen.</summary>
internal sealed class VesicleObject(Blob vesicle) : SceneObject
{
    public override Box3 Bounds => Box3.Around(vesicle.Center, vesicle.RadiusA + 60);

    public override void Render(SliceTarget t, int y0, int y1, int x0, int x1)
    {
        float cz = (float)vesicle.Center.Z, cy = (float)vesicle.Center.Y, cx = (float)vesicle.Center.X, r = (float)vesicle.RadiusA;
        var s = t.Spacing;
        var dz = t.ZA - cz;
        for (var y = y0; y < y1; y++)
        {
            var dy = y * s - cy;
            var row = y * t.Nx;
            for (var x = x0; x < x1; x++)
            {
                var dx = x * s - cx;
                var d = MathF.Sqrt(dz * dz + dy * dy + dx * dx);
                if (d > r + 60) continue;
                t.Masked[row + x] += Bilayer(d - r) + (float)vesicle.Density * DetMath.SmoothStep(r - 30, r - 50, d);
            }
        }
    }
}

/// <summary>A tube along a polyline (flagellar hook and filament). Segments combine by maximum, so joints stay even.</summary>
internal sealed class TubeObject : SceneObject
{
    private readonly (ZyxVector A, ZyxVector B, Box3 Box)[] _segments;
    private readonly float _radius, _density;
    private readonly Box3 _bounds;

    public TubeObject(IReadOnlyList<ZyxVector> path, double radiusA, double density)
    {
        _radius = (float)radiusA;
        _density = (float)density;
        var reach = radiusA + 25;
        _segments = new (ZyxVector, ZyxVector, Box3)[path.Count - 1];
        for (var i = 0; i + 1 < path.Count; i++)
            _segments[i] = (path[i], path[i + 1], Box3.Around(path[i], 0).Union(Box3.Around(path[i + 1], 0)).Inflate(reach));
        _bounds = _segments[0].Box;
        foreach (var seg in _segments) _bounds = _bounds.Union(seg.Box);
    }

    public override Box3 Bounds => _bounds;

    public override void Render(SliceTarget t, int y0, int y1, int x0, int x1)
    {
        var s = t.Spacing;
        int uy0 = int.MaxValue, uy1 = int.MinValue, ux0 = int.MaxValue, ux1 = int.MinValue;
        var active = new List<int>();
        for (var i = 0; i < _segments.Length; i++)
        {
            var b = _segments[i].Box;
            if (t.ZA < b.Min.Z || t.ZA > b.Max.Z) continue;
            active.Add(i);
            uy0 = Math.Min(uy0, Math.Max(y0, (int)Math.Ceiling(b.Min.Y / s)));
            uy1 = Math.Max(uy1, Math.Min(y1, (int)Math.Floor(b.Max.Y / s) + 1));
            ux0 = Math.Min(ux0, Math.Max(x0, (int)Math.Ceiling(b.Min.X / s)));
            ux1 = Math.Max(ux1, Math.Min(x1, (int)Math.Floor(b.Max.X / s) + 1));
        }
        if (active.Count == 0 || uy0 >= uy1 || ux0 >= ux1) return;
        var scratch = t.Scratch;
        for (var y = uy0; y < uy1; y++) Array.Clear(scratch, y * t.Nx + ux0, ux1 - ux0);
        var outer = _radius + 20;
        foreach (var i in active)
        {
            var (a, b, box) = _segments[i];
            float az = (float)a.Z, ay = (float)a.Y, ax = (float)a.X;
            float ez = (float)(b.Z - a.Z), ey = (float)(b.Y - a.Y), ex = (float)(b.X - a.X);
            var len2 = ez * ez + ey * ey + ex * ex;
            var sy0 = Math.Max(uy0, (int)Math.Ceiling(box.Min.Y / s));
            var sy1 = Math.Min(uy1, (int)Math.Floor(box.Max.Y / s) + 1);
            var sx0 = Math.Max(ux0, (int)Math.Ceiling(box.Min.X / s));
            var sx1 = Math.Min(ux1, (int)Math.Floor(box.Max.X / s) + 1);
            var pz = t.ZA - az;
            for (var y = sy0; y < sy1; y++)
            {
                var py = y * s - ay;
                var row = y * t.Nx;
                for (var x = sx0; x < sx1; x++)
                {
                    var px = x * s - ax;
                    var u = len2 > 0 ? (pz * ez + py * ey + px * ex) / len2 : 0;
                    u = u < 0 ? 0 : u > 1 ? 1 : u;
                    float qz = pz - u * ez, qy = py - u * ey, qx = px - u * ex;
                    var d2 = qz * qz + qy * qy + qx * qx;
                    if (d2 >= outer * outer) continue;
                    var v = _density * DetMath.SmoothStep(outer, _radius - 20, MathF.Sqrt(d2));
                    if (v > scratch[row + x]) scratch[row + x] = v;
                }
            }
        }
        for (var y = uy0; y < uy1; y++)
        {
            var row = y * t.Nx;
            for (var x = ux0; x < ux1; x++) t.Masked[row + x] += scratch[row + x];
        }
    }
}

/// <summary>
/// Streak artefacts of a gold bead: with tilts limited to +-60 degrees, back-projection leaves rays through the
/// bead in the x-z plane (tilt axis along y) that do not cancel; they alternate in sign and fade with distance.
/// </summary>
internal sealed class GoldStreakObject(Blob bead, double lengthA, double amplitude) : SceneObject
{
    private static readonly double[] AnglesDeg = [-60, -45, -30, -15, 15, 30, 45, 60];

    public override Box3 Bounds => new(
        bead.Center - new ZyxVector(lengthA, 2 * bead.RadiusA, lengthA * 0.87),
        bead.Center + new ZyxVector(lengthA, 2 * bead.RadiusA, lengthA * 0.87));

    public override void Render(SliceTarget t, int y0, int y1, int x0, int x1)
    {
        var s = t.Spacing;
        float cz = (float)bead.Center.Z, cy = (float)bead.Center.Y, cx = (float)bead.Center.X;
        var width = (float)(1.5 * bead.RadiusA);
        var len = (float)lengthA;
        Span<float> uz = stackalloc float[AnglesDeg.Length];
        Span<float> ux = stackalloc float[AnglesDeg.Length];
        for (var k = 0; k < AnglesDeg.Length; k++)
        {
            var (sn, cs) = DetMath.SinCos(AnglesDeg[k] * Math.PI / 180);
            uz[k] = (float)cs;
            ux[k] = (float)sn;
        }
        var dz = t.ZA - cz;
        for (var y = y0; y < y1; y++)
        {
            var dy = y * s - cy;
            var row = y * t.Nx;
            for (var x = x0; x < x1; x++)
            {
                var dx = x * s - cx;
                var r2 = dz * dz + dy * dy + dx * dx;
                float v = 0;
                for (var k = 0; k < uz.Length; k++)
                {
                    var along = dz * uz[k] + dx * ux[k];
                    var a = MathF.Abs(along);
                    if (a > len) continue;
                    var perp2 = r2 - along * along;
                    if (perp2 >= width * width) continue;
                    var sign = (k & 1) == 0 ? 1f : -1f;
                    v += sign * DetMath.Bump(MathF.Sqrt(MathF.Max(perp2, 0)) / width) * (1 - a / len);
                }
                t.Masked[row + x] += (float)amplitude * v;
            }
        }
    }
}
