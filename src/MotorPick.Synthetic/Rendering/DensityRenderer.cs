using MotorPick.Synthetic.Geometry;
using MotorPick.Synthetic.Randomness;
using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic.Rendering;

/// <summary>
/// Renders a scene's density (relative to vitreous ice; vacuum outside the slab is negative) into a [z][y][x]
/// float volume. Slices run in parallel, and every voxel is computed by one thread adding the objects in the
/// scene's fixed order, so the result does not depend on the number of threads.
/// </summary>
public static class DensityRenderer
{
    /// <summary>Density of vacuum relative to ice.</summary>
    public const float VacuumDensity = -0.25f;

    public static void Render(TomogramSpec spec, float[] volume, int threads)
    {
        int nz = spec.Z, ny = spec.Y, nx = spec.X;
        if (volume.LongLength != spec.VoxelCount) throw new ArgumentException("volume length does not match the shape", nameof(volume));
        var s = (float)spec.SpacingA;
        var objects = Build(spec, out var texture);
        var ranges = objects.Select(o => VoxelRange(o.Bounds, spec)).ToArray();
        var ice = spec.Ice;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        var half = (float)(ice.ThicknessA / 2);
        var field = spec.FieldA;
        Parallel.For(0, nz, options, () => new SliceTarget(ny, nx, s)
        {
            TextureCoarse = new float[texture.RowLength], TextureFine = new float[texture.RowLength],
        }, (z, _, t) =>
        {
            Array.Clear(t.Masked);
            Array.Clear(t.Unmasked);
            t.ZA = z * s;
            // The slab is planar: its depth over the slice is largest at a corner. A slice wholly in vacuum needs
            // only the objects that the slab does not cut.
            var maxDepth = new[] { (0.0, 0.0), (0.0, field.X), (field.Y, 0.0), (field.Y, field.X) }
                .Max(c => half - Math.Abs(t.ZA - ice.MidZ(c.Item1, c.Item2)));
            var inVacuum = maxDepth < -40;
            for (var i = 0; i < objects.Count; i++)
            {
                var r = ranges[i];
                if (z < r.Z0 || z >= r.Z1 || r.Y0 >= r.Y1 || r.X0 >= r.X1) continue;
                if (inVacuum && objects[i].IceMasked) continue;
                objects[i].Render(t, r.Y0, r.Y1, r.X0, r.X1);
            }
            var offset = (long)z * ny * nx;
            for (var y = 0; y < ny; y++)
            {
                var row = y * nx;
                for (var x = 0; x < nx; x++)
                {
                    var mid = (float)ice.MidZ(y * s, x * s);
                    var depth = half - MathF.Abs(t.ZA - mid);
                    var m = DetMath.SmoothStep(-40, 40, depth);
                    volume[offset + row + x] = VacuumDensity + m * (-VacuumDensity + t.Masked[row + x]) + t.Unmasked[row + x];
                }
            }
            return t;
        }, _ => { });
    }

    /// <summary>The scene's objects in their fixed rendering order.</summary>
    internal static List<SceneObject> Build(TomogramSpec spec, out TextureField texture)
    {
        var list = new List<SceneObject>();
        var field = spec.FieldA;
        texture = new TextureField(spec.Seed, (ulong)spec.Index, field.Z, field.Y, field.X);
        foreach (var c in spec.Cells) list.Add(new CellObject(new CellGeometry(c), texture));
        foreach (var m in spec.Motors)
        {
            list.Add(new MotorObject(m));
            if (m.HasFilament) list.Add(new TubeObject(m.FilamentPath, 100, 0.75));
        }
        for (var i = 0; i + 1 < spec.Ribosomes.Count; i += 2)
            list.Add(new BlobObject([spec.Ribosomes[i], spec.Ribosomes[i + 1]], 0.3f));
        var d = spec.Decoys;
        foreach (var f in d.FreeFilaments) list.Add(new TubeObject(f.Path, f.RadiusA, f.Density));
        foreach (var v in d.Vesicles) list.Add(new VesicleObject(v));
        foreach (var a in d.Aggregates) list.Add(new BlobObject(a, 0.3f));
        foreach (var g in d.Granules) list.Add(new BlobObject([g], 0.08f));
        foreach (var c in d.MembraneComplexes) list.Add(new BlobObject([c], 0.3f));
        foreach (var c in d.IceContamination) list.Add(new BlobObject(c, 0.15f, iceMasked: false));
        foreach (var g in d.Gold)
        {
            list.Add(new BlobObject([g], 0.1f));
            list.Add(new GoldStreakObject(g, 1500, 0.8));
        }
        return list;
    }

    private readonly record struct Range(int Z0, int Z1, int Y0, int Y1, int X0, int X1);

    private static Range VoxelRange(Box3 b, TomogramSpec spec)
    {
        var s = spec.SpacingA;
        static int Lo(double a, double s, int n) => (int)Math.Clamp(Math.Ceiling(a / s), 0, n);
        static int Hi(double a, double s, int n) => (int)Math.Clamp(Math.Floor(a / s) + 1, 0, n);
        return new Range(Lo(b.Min.Z, s, spec.Z), Hi(b.Max.Z, s, spec.Z), Lo(b.Min.Y, s, spec.Y), Hi(b.Max.Y, s, spec.Y),
            Lo(b.Min.X, s, spec.X), Hi(b.Max.X, s, spec.X));
    }
}
