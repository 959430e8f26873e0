using MotorPick.Core;
using MotorPick.Synthetic.Geometry;
using MotorPick.Synthetic.Randomisation;
using MotorPick.Synthetic.Randomness;
using MotorPick.Synthetic.Rendering;

namespace MotorPick.Synthetic.Scene;

/// <summary>
/// Draws the scene of tomogram i from (options, seed, i): acquisition, ice, cells, motors with their filaments,
/// decoys, ribosomes and imaging parameters. Cheap (no voxels), so label logic and tests can use it alone.
/// </summary>
public static class SceneSampler
{
    private const double MotorMinSeparationA = 800;

    public static TomogramSpec Sample(SynthOptions o, int index, string tomoId)
    {
        var seed = o.Seed;
        var i = (ulong)index;
        RandomisedDraw? draw = null;
        if (o.Randomisation is { } randomisation)
        {
            var drawRng = new CounterRng(seed, i, Streams.Randomisation);
            draw = RandomisedDraw.Draw(randomisation, ref drawRng);
        }
        var (shape, spacing) = draw is null ? DrawAcquisition(o, new CounterRng(seed, i, Streams.Acquisition)) : RandomisedAcquisition(o, draw);
        var field = new ZyxVector((shape[0] - 1) * spacing, (shape[1] - 1) * spacing, (shape[2] - 1) * spacing);

        var rng = new CounterRng(seed, i, Streams.Ice);
        IceSlab ice;
        if (draw is null)
        {
            ice = new IceSlab(
                CenterZA: field.Z / 2 + rng.Uniform(-0.04, 0.04) * field.Z,
                ThicknessA: field.Z * rng.Uniform(0.65, 0.92),
                SlopeY: rng.Uniform(-0.02, 0.02), SlopeX: rng.Uniform(-0.02, 0.02),
                CenterYA: field.Y / 2, CenterXA: field.X / 2);
        }
        else
        {
            var fraction = draw[RandomisedParameters.IceFraction];
            var slope = draw[RandomisedParameters.IceSlope];
            var angle = rng.Uniform(0, 2 * Math.PI);
            var (sin, cos) = DetMath.SinCos(angle);
            ice = new IceSlab(
                CenterZA: field.Z / 2 + rng.Uniform(-0.5, 0.5) * (1 - fraction) * field.Z,
                ThicknessA: field.Z * fraction, SlopeY: slope * sin, SlopeX: slope * cos,
                CenterYA: field.Y / 2, CenterXA: field.X / 2);
        }

        var ctx = new Context(field, spacing, shape, ice) { Draw = draw, Seed = seed, Index = i };
        rng = new CounterRng(seed, i, Streams.Cells);
        var cells = DrawCells(ref rng, ctx);
        var geos = cells.Select(c => new CellGeometry(c)).ToArray();
        ctx.Cells = geos;

        rng = new CounterRng(seed, i, Streams.Motors);
        var motors = DrawMotors(ref rng, ctx, o);

        rng = new CounterRng(seed, i, Streams.Decoys);
        var decoys = DrawDecoys(ref rng, ctx, o, motors);

        rng = new CounterRng(seed, i, Streams.Ribosomes);
        var ribosomes = DrawRibosomes(ref rng, ctx, o, motors, decoys);

        rng = new CounterRng(seed, i, Streams.Imaging);
        var imaging = draw is null ? new ImagingSpec
        {
            PsfSigmaA = rng.Uniform(14, 24),
            TiltRangeDeg = 60,
            WedgeElongation = WedgeElongation(60),
            LowFrequencyCut = rng.Uniform(0.5, 0.8),
            LowFrequencySigmaA = rng.Uniform(250, 400),
            Snr = o.Snr ?? rng.Uniform(o.SnrMin, o.SnrMax),
            Gradient = Enumerable.Range(0, 7).Select(_ => rng.Uniform(-0.5, 0.5)).ToArray(),
            WrapDefect = rng.Chance(o.WrapDefectFraction),
            Percentiles = [0.8791, 99.0642],
        } : RandomisedImaging(o, draw, ref rng);

        return new TomogramSpec
        {
            Index = index,
            TomoId = tomoId,
            Seed = seed,
            Shape = shape,
            SpacingA = spacing,
            Ice = ice,
            Cells = cells,
            Motors = motors,
            Decoys = decoys,
            RibosomeCount = ribosomes.Count / 2,
            Ribosomes = ribosomes,
            Imaging = imaging,
            Randomised = draw,
        };
    }

    /// <summary>Spacing and field of view drawn in Angstrom, so that the shape follows from both.</summary>
    private static (int[] Shape, double Spacing) RandomisedAcquisition(SynthOptions o, RandomisedDraw draw)
    {
        if (o.Scale <= 0) throw new MotorPickException($"scale must be positive, got {o.Scale}", field: "--scale");
        var spacing = draw[RandomisedParameters.SpacingA];
        var xy = draw[RandomisedParameters.FieldXyA] * o.Scale;
        var z = draw[RandomisedParameters.FieldZA] * o.Scale;
        int[] shape = [Math.Max(16, (int)Math.Round(z / spacing) + 1), Math.Max(32, (int)Math.Round(xy / spacing) + 1),
            Math.Max(32, (int)Math.Round(xy / spacing) + 1)];
        if ((long)shape[0] * shape[1] * shape[2] > Array.MaxLength)
            throw new MotorPickException($"a {shape[0]}x{shape[1]}x{shape[2]} tomogram has more than 2^31 voxels; use a smaller --scale", field: "--scale");
        return (shape, spacing);
    }

    /// <summary>The imaging of a randomised tomogram: rendered in Fourier space by <see cref="Imaging.FourierImaging"/>.</summary>
    private static ImagingSpec RandomisedImaging(SynthOptions o, RandomisedDraw draw, ref CounterRng rng)
    {
        var tilt = draw[RandomisedParameters.TiltRangeDeg];
        var gradient = new double[7];
        for (var k = 0; k < gradient.Length; k++) gradient[k] = rng.Uniform(-0.5, 0.5);
        return new ImagingSpec
        {
            PsfSigmaA = draw[RandomisedParameters.ResolutionA],
            TiltRangeDeg = tilt,
            WedgeElongation = WedgeElongation(tilt),
            LowFrequencyCut = 0,
            LowFrequencySigmaA = 0,
            Snr = o.Snr ?? draw[RandomisedParameters.Snr],
            Gradient = gradient,
            WrapDefect = draw.WrapDefect,
            Percentiles = [draw[RandomisedParameters.LowPercentile], draw[RandomisedParameters.HighPercentile]],
        };
    }

    /// <summary>Resolution loss along z of a +-alpha tilt range relative to in-plane (Radermacher's elongation factor).</summary>
    public static double WedgeElongation(double tiltDeg)
    {
        var a = tiltDeg * Math.PI / 180;
        var (s, c) = DetMath.SinCos(a);
        return Math.Sqrt((a + s * c) / (a - s * c));
    }

    private static (int[] Shape, double Spacing) DrawAcquisition(SynthOptions o, CounterRng rng)
    {
        if (o.Scale <= 0) throw new MotorPickException($"scale must be positive, got {o.Scale}", field: "--scale");
        int[] shape;
        double spacing;
        if (o.ShapeMode == ShapeMode.Competition)
        {
            var row = AcquisitionTable.Draw(ref rng);
            spacing = row.Spacing;
            shape = [row.Z, row.Y, row.X];
        }
        else
        {
            if (o.FixedShape.Length != 3) throw new MotorPickException("fixed shape needs 3 dimensions (Z, Y, X)", field: "shape");
            shape = o.FixedShape.Select(n => (int)Math.Round(n * (1 + rng.Uniform(-o.ShapeJitter, o.ShapeJitter)))).ToArray();
            spacing = o.FixedSpacing ?? AcquisitionTable.Draw(ref rng).Spacing;
        }
        shape = [Math.Max(16, (int)Math.Round(shape[0] * o.Scale)), Math.Max(32, (int)Math.Round(shape[1] * o.Scale)),
            Math.Max(32, (int)Math.Round(shape[2] * o.Scale))];
        if ((long)shape[0] * shape[1] * shape[2] > Array.MaxLength)
            throw new MotorPickException($"a {shape[0]}x{shape[1]}x{shape[2]} tomogram has more than 2^31 voxels; use a smaller --scale", field: "--scale");
        return (shape, spacing);
    }

    private sealed class Context(ZyxVector field, double spacing, int[] shape, IceSlab ice)
    {
        public ZyxVector Field { get; } = field;
        public double Spacing { get; } = spacing;
        public int[] Shape { get; } = shape;
        public IceSlab Ice { get; } = ice;
        public CellGeometry[] Cells { get; set; } = [];
        public RandomisedDraw? Draw { get; init; }
        public ulong Seed { get; init; }
        public ulong Index { get; init; }

        /// <summary>A uniform point of the field, at a height within <paramref name="zFraction"/> of the half-slab around the slab's mid-plane.</summary>
        public ZyxVector RandomPoint(ref CounterRng rng, double zFraction)
        {
            var y = rng.Uniform(0, Field.Y);
            var x = rng.Uniform(0, Field.X);
            var z = Ice.MidZ(y, x) + rng.Uniform(-zFraction, zFraction) * Ice.ThicknessA / 2;
            return new ZyxVector(z, y, x);
        }

        /// <summary>Depth of <paramref name="p"/> inside the ice slab (negative outside).</summary>
        public double IceDepth(ZyxVector p) => Ice.ThicknessA / 2 - Math.Abs(p.Z - Ice.MidZ(p.Y, p.X));

        public bool InsideVolume(ZyxVector p, double marginVoxels)
        {
            var m = marginVoxels * Spacing;
            return p.Z >= m && p.Z <= Field.Z - m && p.Y >= m && p.Y <= Field.Y - m && p.X >= m && p.X <= Field.X - m;
        }

        public bool InFieldXY(ZyxVector p, double marginA) =>
            p.Y >= -marginA && p.Y <= Field.Y + marginA && p.X >= -marginA && p.X <= Field.X + marginA;

        /// <summary>The smallest cell distance (A; negative inside a cell) and which cell.</summary>
        public (double Distance, int Cell) NearestCell(ZyxVector p)
        {
            var best = double.PositiveInfinity;
            var which = -1;
            for (var c = 0; c < Cells.Length; c++)
            {
                var d = Cells[c].Distance(p);
                if (d < best)
                {
                    best = d;
                    which = c;
                }
            }
            return (best, which);
        }
    }

    private static List<CellSpec> DrawCells(ref CounterRng rng, Context ctx)
    {
        var draw = ctx.Draw;
        var n = draw is null ? 1 + rng.Pick([0.5, 0.35, 0.15]) : Math.Clamp(Poisson(ref rng, draw[RandomisedParameters.CellCount]), 1, 5);
        var cells = new List<CellSpec>();
        for (var attempt = 0; attempt < 60 * n && cells.Count < n; attempt++)
        {
            var rod = rng.Chance(0.75);
            var r = draw is null ? rng.Uniform(2500, 3500) : draw[RandomisedParameters.CellRadiusA] * rng.Uniform(0.9, 1.1);
            var h = rod ? rng.Uniform(500, 2500) : rng.Uniform(500, 1500);
            var flattening = rod ? 1.0 : rng.Uniform(0.8, 1.0);
            var periplasm = draw is null ? rng.Uniform(200, 300) : draw[RandomisedParameters.PeriplasmA] * rng.Uniform(0.93, 1.07);
            var axis = ZyxVector.RandomNearlyFlat(ref rng, 0.12);
            // Anchor: a point of the field the cell surface passes through, so that its envelope is in view.
            var q = new ZyxVector(0, rng.Uniform(0.1, 0.9) * ctx.Field.Y, rng.Uniform(0.1, 0.9) * ctx.Field.X);
            q = q with { Z = ctx.Ice.MidZ(q.Y, q.X) };
            ZyxVector c;
            if (rng.Chance(0.25))
            {
                c = q - axis * ((h + r) * (rng.Chance(0.5) ? 1 : -1));
            }
            else
            {
                var side = axis.Cross(new ZyxVector(1, 0, 0)).Normalized() * (rng.Chance(0.5) ? 1 : -1);
                c = q - side * r - axis * (rng.Uniform(-h, h) * (rod ? 1 : 0.3));
            }
            c = c with { Z = ctx.Ice.MidZ(c.Y, c.X) + rng.Uniform(-0.15, 0.15) * ctx.Ice.ThicknessA };
            var cell = new CellSpec(rod ? CellKind.Rod : CellKind.Ellipsoid, c, axis, r, h, flattening, periplasm);
            if (cells.All(o => SegmentDistance(o, cell) > o.RadiusA + cell.RadiusA + 400)) cells.Add(cell);
        }
        return cells;
    }

    /// <summary>Approximate distance between the axis segments of two cells (sampled).</summary>
    private static double SegmentDistance(CellSpec a, CellSpec b)
    {
        var best = double.PositiveInfinity;
        for (var i = 0; i <= 8; i++)
        {
            var pa = a.Center + a.Axis * (a.HalfLengthA * (i / 4.0 - 1));
            for (var j = 0; j <= 8; j++)
            {
                var pb = b.Center + b.Axis * (b.HalfLengthA * (j / 4.0 - 1));
                best = Math.Min(best, (pa - pb).Length);
            }
        }
        return best;
    }

    private static List<MotorSpec> DrawMotors(ref CounterRng rng, Context ctx, SynthOptions o)
    {
        var motors = new List<MotorSpec>();
        if (ctx.Cells.Length == 0) return motors;
        var bucket = rng.Pick(o.MotorCountWeights);
        var wanted = bucket < 3 ? bucket : 3 + rng.Pick([0.5, 0.3, 0.1, 0.1]);
        var draw = ctx.Draw;
        var filamentFraction = draw is null ? o.FilamentFraction : draw[RandomisedParameters.FilamentFraction];
        var shapeRng = new CounterRng(ctx.Seed, ctx.Index, Streams.MotorShapes);
        for (var attempt = 0; attempt < 400 && motors.Count < wanted; attempt++)
        {
            var ci = rng.Int(0, ctx.Cells.Length - 1);
            var geo = ctx.Cells[ci];
            var level = geo.Spec.InnerMembraneOffsetA;
            var mp = geo.Project(ctx.RandomPoint(ref rng, 0.7), level);
            if (Math.Abs(geo.Distance(mp) - level) > 1) continue;
            var normal = geo.Gradient(mp);
            MotorShape? shape = null;
            var edge = false;
            if (draw is not null)
            {
                // A tilted axis and scaled parts; some motors may sit at the edge with their membrane point out of view.
                shape = new MotorShape(draw[RandomisedParameters.CRingRadiusScale] * shapeRng.Uniform(0.95, 1.05),
                    draw[RandomisedParameters.BasalBodyHeightScale] * shapeRng.Uniform(0.95, 1.05),
                    draw[RandomisedParameters.MotorDensity] * shapeRng.Uniform(0.9, 1.1));
                normal = Tilt(normal, draw[RandomisedParameters.MotorTiltDeg] * shapeRng.Uniform(0.5, 1.0), ref shapeRng);
                edge = shapeRng.Chance(draw[RandomisedParameters.EdgeMotorChance]);
            }
            var center = mp + normal * (MotorModel.LabelOffsetA * (shape?.HeightScale ?? 1));
            if (!ctx.InsideVolume(center, edge ? 0.5 : 2) || !(edge || ctx.InFieldXY(mp, 0))) continue;
            if (ctx.IceDepth(center) < 120 || ctx.IceDepth(mp) < 120) continue;
            if (motors.Any(m => (m.Center - center).Length < MotorMinSeparationA)) continue;
            var otherCell = false;
            for (var c = 0; c < ctx.Cells.Length; c++)
                if (c != ci && ctx.Cells[c].Distance(mp) < 200) otherCell = true;
            if (otherCell) continue;

            IReadOnlyList<ZyxVector> path = [];
            if (rng.Chance(filamentFraction))
            {
                var start = mp + normal * (70 + geo.Spec.PeriplasmA + 35);
                var t = ZyxVector.RandomNearlyFlat(ref rng, 0.1);
                t = (t - normal * t.Dot(normal)).Normalized();
                var goal = normal * 0.5 + t;
                goal = new ZyxVector(0, goal.Y, goal.X).Normalized();
                path = WalkFilament(ref rng, ctx, start, normal, goal, rng.Uniform(3000, 15000), hookA: 550);
            }
            motors.Add(new MotorSpec(ci, center, mp, normal, geo.Spec.PeriplasmA, path) { Shape = shape });
        }
        return motors;
    }

    /// <summary><paramref name="axis"/> turned by <paramref name="degrees"/> towards a random perpendicular direction.</summary>
    private static ZyxVector Tilt(ZyxVector axis, double degrees, ref CounterRng rng)
    {
        var u = ZyxVector.RandomUnit(ref rng);
        var perp = u - axis * u.Dot(axis);
        if (perp.Length < 1e-6) return axis;
        var (s, c) = DetMath.SinCos(degrees * Math.PI / 180);
        return (axis * c + perp.Normalized() * s).Normalized();
    }

    /// <summary>A smooth random walk with 100 A steps: straight along <paramref name="dir"/> for the hook, then turning
    /// towards <paramref name="goal"/>, kept inside the ice and out of cells.</summary>
    private static List<ZyxVector> WalkFilament(ref CounterRng rng, Context ctx, ZyxVector start, ZyxVector dir, ZyxVector goal, double lengthA, double hookA)
    {
        const double step = 100;
        var path = new List<ZyxVector> { start };
        var pos = start;
        for (double walked = 0; walked < lengthA; walked += step)
        {
            if (walked >= hookA)
            {
                var jitter = ZyxVector.RandomUnit(ref rng) * 0.06;
                dir = (dir + (goal - dir) * 0.12 + jitter).Normalized();
                dir = new ZyxVector(dir.Z * 0.85, dir.Y, dir.X).Normalized();
                var depth = ctx.IceDepth(pos);
                if (depth < 250)
                {
                    var up = pos.Z > ctx.Ice.MidZ(pos.Y, pos.X) ? -1 : 1;
                    dir = (dir + new ZyxVector(0.12 * up, 0, 0)).Normalized();
                }
                var (d, c) = ctx.NearestCell(pos);
                if (c >= 0 && d < 150) dir = (dir + ctx.Cells[c].Gradient(pos) * 0.5).Normalized();
            }
            pos += dir * step;
            path.Add(pos);
            if (!ctx.InFieldXY(pos, 600)) break;
        }
        return path;
    }

    private static int Poisson(ref CounterRng rng, double lambda)
    {
        if (lambda <= 0) return 0;
        var limit = DetMath.Exp(-lambda);
        var k = 0;
        var p = rng.NextDouble();
        while (p > limit && k < 1000)
        {
            k++;
            p *= rng.NextDouble();
        }
        return k;
    }

    private static DecoySet DrawDecoys(ref CounterRng rng, Context ctx, SynthOptions o, List<MotorSpec> motors)
    {
        // Expected counts are per 12000 x 12000 A field; small fields keep a floor so that every tomogram has some.
        var area = Math.Clamp(ctx.Field.Y * ctx.Field.X / (12000.0 * 12000.0), 0.4, 4)
            * (ctx.Draw is null ? o.DecoyRate : ctx.Draw[RandomisedParameters.DecoyRate]);

        var gold = new List<Blob>();
        for (int k = 0, n = Poisson(ref rng, 7 * area); k < n; k++)
        {
            var p = ctx.RandomPoint(ref rng, 0);
            var side = rng.Chance(0.5) ? 1 : -1;
            p = p with { Z = p.Z + side * (ctx.Ice.ThicknessA / 2 - rng.Uniform(60, Math.Min(400, ctx.Ice.ThicknessA / 2))) };
            gold.Add(new Blob(p, rng.Uniform(45, 60), 10));
        }

        var free = new List<TubeSpec>();
        for (int k = 0, n = Poisson(ref rng, 1.0 * area); k < n; k++)
        {
            if (!TryPoint(ref rng, ctx, p => ctx.NearestCell(p).Distance > 300 && ctx.IceDepth(p) > 150, out var start)) continue;
            var dir = ZyxVector.RandomNearlyFlat(ref rng, 0.1);
            var goal = ZyxVector.RandomNearlyFlat(ref rng, 0.05);
            var path = WalkFilament(ref rng, ctx, start, dir, goal, rng.Uniform(2000, 10000), hookA: 0);
            free.Add(new TubeSpec(path, 100, 0.7));
        }

        var vesicles = new List<Blob>();
        for (int k = 0, n = Poisson(ref rng, 1.5 * area); k < n; k++)
        {
            var r = rng.Uniform(250, 1000);
            if (TryPoint(ref rng, ctx, p => ctx.NearestCell(p).Distance > r + 150 && ctx.IceDepth(p) > 0, out var c))
                vesicles.Add(new Blob(c, r, 0.05));
        }

        var aggregates = new List<IReadOnlyList<Blob>>();
        for (int k = 0, n = Poisson(ref rng, 2.5 * area); k < n; k++)
        {
            var inCell = rng.Chance(0.6);
            if (!TryPoint(ref rng, ctx, p => inCell ? InCytoplasm(ctx, p, 400) : ctx.NearestCell(p).Distance > 400 && ctx.IceDepth(p) > 200, out var c))
                continue;
            if (NearMotor(motors, c, 600)) continue;
            var blobs = new List<Blob>();
            var density = rng.Uniform(0.6, 1.1);
            for (int b = 0, nb = rng.Int(3, 8); b < nb; b++)
                blobs.Add(new Blob(c + ZyxVector.RandomUnit(ref rng) * rng.Uniform(0, 220), rng.Uniform(50, 140), density));
            aggregates.Add(blobs);
        }
        if (ctx.Draw is { } draw) aggregates.AddRange(DrawArrays(ctx, draw, motors));

        var granules = new List<Blob>();
        for (int k = 0, n = Poisson(ref rng, 1.2 * area); k < n; k++)
        {
            var r = rng.Uniform(180, 600);
            if (TryPoint(ref rng, ctx, p => InCytoplasm(ctx, p, r + 150), out var c) && !NearMotor(motors, c, r + 500))
                granules.Add(new Blob(c, r, rng.Uniform(1.0, 1.8)));
        }

        var contamination = new List<IReadOnlyList<Blob>>();
        for (int k = 0, n = Poisson(ref rng, 0.5 * area); k < n; k++)
        {
            var p = ctx.RandomPoint(ref rng, 0);
            var side = rng.Chance(0.5) ? 1 : -1;
            var c = p with { Z = p.Z + side * (ctx.Ice.ThicknessA / 2 + rng.Uniform(0, 200)) };
            var blobs = new List<Blob>();
            var density = rng.Uniform(0.8, 1.4);
            for (int b = 0, nb = rng.Int(3, 6); b < nb; b++)
            {
                var off = ZyxVector.RandomUnit(ref rng) * rng.Uniform(0, 800);
                blobs.Add(new Blob(c + new ZyxVector(off.Z * 0.3, off.Y, off.X), rng.Uniform(300, 1200), density));
            }
            contamination.Add(blobs);
        }

        var complexes = new List<Blob>();
        if (ctx.Cells.Length > 0)
        {
            for (int k = 0, n = Poisson(ref rng, 3 * area); k < n; k++)
            {
                var geo = ctx.Cells[rng.Int(0, ctx.Cells.Length - 1)];
                var mp = geo.Project(ctx.RandomPoint(ref rng, 0.7), geo.Spec.InnerMembraneOffsetA);
                var r = rng.Uniform(70, 140);
                var c = mp - geo.Gradient(mp) * (45 + r);
                if (ctx.IceDepth(c) > 50 && ctx.InFieldXY(c, 0) && !NearMotor(motors, c, 500))
                    complexes.Add(new Blob(c, r, rng.Uniform(0.5, 0.8)));
            }
        }

        return new DecoySet
        {
            Gold = gold,
            FreeFilaments = free,
            Vesicles = vesicles,
            Aggregates = aggregates,
            Granules = granules,
            IceContamination = contamination,
            MembraneComplexes = complexes,
        };
    }

    /// <summary>Periodic decoys: patches of a hexagonal lattice (120 A) of small dense blobs just under the inner membrane,
    /// like chemoreceptor arrays, drawn from their own stream so that the other decoys stay as they are.</summary>
    private static List<IReadOnlyList<Blob>> DrawArrays(Context ctx, RandomisedDraw draw, List<MotorSpec> motors)
    {
        var result = new List<IReadOnlyList<Blob>>();
        if (ctx.Cells.Length == 0) return result;
        var rng = new CounterRng(ctx.Seed, ctx.Index, Streams.Arrays);
        var area = Math.Clamp(ctx.Field.Y * ctx.Field.X / (12000.0 * 12000.0), 0.4, 4) * 4;
        for (int k = 0, n = Poisson(ref rng, draw[RandomisedParameters.ArrayRate] * area); k < n; k++)
        {
            var geo = ctx.Cells[rng.Int(0, ctx.Cells.Length - 1)];
            var mp = geo.Project(ctx.RandomPoint(ref rng, 0.6), geo.Spec.InnerMembraneOffsetA);
            var normal = geo.Gradient(mp);
            var c = mp - normal * 180;
            if (ctx.IceDepth(c) < 100 || !ctx.InFieldXY(c, 0) || NearMotor(motors, c, 700)) continue;
            var e1 = normal.Cross(new ZyxVector(0.3, 0.5, 0.8)).Normalized();
            var e2 = normal.Cross(e1).Normalized();
            var rings = rng.Int(2, 4);
            var density = rng.Uniform(0.5, 0.9);
            var blobs = new List<Blob>();
            for (var a = -rings; a <= rings; a++)
                for (var b = -rings; b <= rings; b++)
                {
                    if (Math.Abs(a + b) > rings) continue;
                    var p = c + e1 * (120 * (a + 0.5 * b)) + e2 * (120 * 0.866 * b);
                    blobs.Add(new Blob(p, 38, density));
                }
            result.Add(blobs);
        }
        return result;
    }

    private static bool NearMotor(List<MotorSpec> motors, ZyxVector p, double radius) =>
        motors.Any(m => (m.Center - p).Length < radius || (m.MembranePoint - p).Length < radius);

    private static bool InCytoplasm(Context ctx, ZyxVector p, double margin)
    {
        var (d, c) = ctx.NearestCell(p);
        return c >= 0 && d < ctx.Cells[c].Spec.InnerMembraneOffsetA - margin && ctx.IceDepth(p) > 0;
    }

    private static bool TryPoint(ref CounterRng rng, Context ctx, Func<ZyxVector, bool> accept, out ZyxVector point)
    {
        for (var t = 0; t < 100; t++)
        {
            point = ctx.RandomPoint(ref rng, 0.9);
            if (accept(point)) return true;
        }
        point = default;
        return false;
    }

    private static List<Blob> DrawRibosomes(ref CounterRng rng, Context ctx, SynthOptions o, List<MotorSpec> motors, DecoySet decoys)
    {
        var result = new List<Blob>();
        if (ctx.Cells.Length == 0) return result;
        var density = ctx.Draw is null ? o.RibosomeDensity : ctx.Draw[RandomisedParameters.RibosomeDensity] * 1e-8;
        var candidates = (int)Math.Round(density * ctx.Ice.ThicknessA * (ctx.Field.Y + ctx.Spacing) * (ctx.Field.X + ctx.Spacing));
        for (var k = 0; k < candidates; k++)
        {
            var p = ctx.RandomPoint(ref rng, 1);
            var u = ZyxVector.RandomUnit(ref rng);
            if (!InCytoplasm(ctx, p, 130)) continue;
            if (NearMotor(motors, p, 450)) continue;
            if (decoys.Granules.Any(g => (g.Center - p).Length < g.RadiusA + 130)) continue;
            result.Add(new Blob(p, 105, 0.55));
            result.Add(new Blob(p + u * 95, 80, 0.55));
        }
        return result;
    }
}
