using System.Globalization;
using MotorPick.Core;
using MotorPick.Interop.Conventions;
using MotorPick.Interop.Sidecar;
using MotorPick.Interop.Star;
using MotorPick.Labels.Tables;

namespace MotorPick.Interop.Formats;

/// <summary>
/// RELION tomography particles. Export writes <c>particles.star</c> (data_particles: rlnTomoName, the coordinates,
/// rlnAutopickFigureOfMerit = conf for candidates, rlnOpticsGroup; data_optics: one optics group per tilt-series pixel
/// size, with the voltage, Cs and amplitude contrast that RELION's readers require and a pixel size RELION 3.1 knows;
/// for RELION 5 also data_general, which RELION 5's particle sets start with), <c>tomograms.star</c> (data_global: rlnTomoName,
/// rlnTomoSizeX/Y/Z in unbinned pixels, rlnTomoTiltSeriesPixelSize, rlnTomoTomogramBinning: the values RELION derives
/// the centre and pixel size from) and <c>optimisation_set.star</c> linking the two. Import reads either coordinate
/// form (as RELION 5 does, particle_set.cpp getParticleCoordDecenteredPixel), preferring the one of the chosen format.
/// </summary>
public sealed class RelionFormat(RelionForm form) : IPickFormat
{
    public const string ParticlesFile = "particles.star", TomogramsFile = "tomograms.star", OptimisationSetFile = "optimisation_set.star";

    private static readonly string[] Centred = ["rlnCenteredCoordinateXAngst", "rlnCenteredCoordinateYAngst", "rlnCenteredCoordinateZAngst"];
    private static readonly string[] Pixels = ["rlnCoordinateX", "rlnCoordinateY", "rlnCoordinateZ"];

    /// <summary>Score columns read as conf: RELION's autopicking figure of merit, then pytom-match-pick's LCC.</summary>
    private static readonly string[] ScoreColumns = ["rlnAutopickFigureOfMerit", "rlnLCCmax"];

    public InteropFormat Format => form == RelionForm.Centred ? InteropFormat.Relion5 : InteropFormat.Relion4;

    public string ConventionText(ExportOptions o) => form == RelionForm.Centred
        ? $"RELION 5: rlnCenteredCoordinateX/Y/ZAngst = (voxel × binning − centre) × tilt-series pixel size, centre {CentreConventions.Name(o.Centre)} of rlnTomoSizeX/Y/Z (unbinned pixels, tomograms.star); tilt-series pixel size = voxel spacing / binning ({F(o.Binning)}); rlnAutopickFigureOfMerit = conf"
        : $"RELION 3/4: rlnCoordinateX/Y/Z = voxel × binning ({F(o.Binning)}), pixels of voxel spacing / binning from voxel 0; rlnAutopickFigureOfMerit = conf";

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Write(PickSet set, string outDir, ExportOptions o)
    {
        var coords = form == RelionForm.Centred ? Centred : Pixels;
        var columns = new List<string> { "rlnTomoName" };
        columns.AddRange(coords);
        var scored = set.Kind == PickKind.Candidates;
        if (scored) columns.Add(ScoreColumns[0]);
        columns.Add("rlnOpticsGroup");
        var rows = new List<StarRow>();
        var tomoRows = new List<StarRow>();
        var opticsGroups = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in set.Tomograms)
        {
            var conv = new RelionConvention(form, o.Binning, o.Centre);
            var pixelSize = F(conv.PixelSize(t.Geometry));
            if (!opticsGroups.TryGetValue(pixelSize, out var group)) opticsGroups[pixelSize] = group = opticsGroups.Count + 1;
            foreach (var p in t.Picks)
            {
                var v = conv.FromVoxel(p.Point, t.Geometry);
                // Rounded to 1e-9 (Å or pixels): 1037.4 instead of 1037.3999999999999, far inside the 1e-6 Å round-trip budget.
                var values = new List<string> { t.TomoId, F(Math.Round(v.X, 9)), F(Math.Round(v.Y, 9)), F(Math.Round(v.Z, 9)) };
                if (scored) values.Add(F(p.Score ?? 1.0));
                values.Add(I(group));
                rows.Add(new StarRow(0, values));
            }
            var n = conv.Unbinned(t.Geometry);
            tomoRows.Add(new StarRow(0, [t.TomoId, I(n.X), I(n.Y), I(n.Z), F(conv.PixelSize(t.Geometry)), F(o.Binning)]));
        }
        var particles = new StarBlock("particles", true, columns, rows);
        // rlnMicrographPixelSize: the pixel size RELION 3.1's reader needs in an optics table (it does not know the tomography labels).
        var optics = new StarBlock("optics", true,
            ["rlnOpticsGroup", "rlnOpticsGroupName", "rlnVoltage", "rlnSphericalAberration", "rlnAmplitudeContrast", "rlnTomoTiltSeriesPixelSize", "rlnMicrographPixelSize"],
            opticsGroups.Select(g => new StarRow(0, [I(g.Value), $"opticsGroup{g.Value}", F(o.Voltage), F(o.SphericalAberration), F(o.AmplitudeContrast), g.Key, g.Key])).ToList());
        // RELION 5 particle sets begin with data_general; 0: the particles are not (yet) 2D stacks of extracted subtomograms.
        var general = new StarBlock("general", false, ["rlnTomoSubTomosAre2DStacks"], [new StarRow(0, ["0"])]);
        StarBlock[] particleBlocks = form == RelionForm.Centred ? [general, optics, particles] : [optics, particles];
        var tomograms = new StarBlock("global", true,
            ["rlnTomoName", "rlnTomoSizeX", "rlnTomoSizeY", "rlnTomoSizeZ", "rlnTomoTiltSeriesPixelSize", "rlnTomoTomogramBinning"], tomoRows);
        var optimisation = new StarBlock("optimisation_set", false, ["rlnTomoParticlesFile", "rlnTomoTomogramsFile"], [new StarRow(0, [ParticlesFile, TomogramsFile])]);
        var header = $"written by MotorPick ({(form == RelionForm.Centred ? "RELION 5 centred" : "RELION 3/4 pixel")} coordinates)";
        AtomicFile.WriteAllText(Path.Combine(outDir, ParticlesFile), StarWriter.Format(particleBlocks, header));
        AtomicFile.WriteAllText(Path.Combine(outDir, TomogramsFile), StarWriter.Format([tomograms], header));
        AtomicFile.WriteAllText(Path.Combine(outDir, OptimisationSetFile), StarWriter.Format([optimisation], header));
        return set.Tomograms.ToDictionary(t => t.TomoId, _ => (IReadOnlyList<string>)[ParticlesFile, TomogramsFile], StringComparer.Ordinal);
    }

    public ForeignPicks Read(string input, ImportOptions o, GeometrySidecar? sidecar)
    {
        var notes = new List<string>();
        var (particlesPath, tomogramsPath) = Locate(input);
        var doc = StarDocument.Load(particlesPath);
        var block = doc.Find("particles")
                    ?? doc.Blocks.FirstOrDefault(b => b.IsLoop && (Pixels.All(b.Has) || Centred.All(b.Has)))
                    ?? throw new MotorPickException("no data_particles block (nor any loop with rlnCoordinateX/Y/Z or rlnCenteredCoordinateX/Y/ZAngst)", particlesPath);
        var hasCentred = Centred.All(block.Has);
        var hasPixels = Pixels.All(block.Has);
        if (!hasCentred && !hasPixels)
            throw new MotorPickException($"data_{block.Name} has neither {string.Join("/", Centred)} (RELION 5) nor {string.Join("/", Pixels)} (RELION 3/4)", particlesPath, block.Line);
        var useForm = hasCentred && hasPixels ? form : hasCentred ? RelionForm.Centred : RelionForm.Pixels;
        if (useForm != form)
            notes.Add(useForm == RelionForm.Centred ? "the file has RELION 5 centred coordinates; read those" : "the file has RELION 3/4 pixel coordinates; read those");
        var coords = (useForm == RelionForm.Centred ? Centred : Pixels).Select(block.Column).ToArray();
        var nameCol = block.TryColumn("rlnTomoName");
        var micCol = block.TryColumn("rlnMicrographName");
        if (nameCol < 0 && micCol < 0) throw new MotorPickException($"data_{block.Name} has no rlnTomoName (nor rlnMicrographName) column", particlesPath, block.Line, "rlnTomoName");
        var scoreCol = ScoreColumns.Select(block.TryColumn).FirstOrDefault(c => c >= 0, -1);
        var originA = new[] { "rlnOriginXAngst", "rlnOriginYAngst", "rlnOriginZAngst" }.Select(block.TryColumn).ToArray();
        var originPx = new[] { "rlnOriginX", "rlnOriginY", "rlnOriginZ" }.Select(block.TryColumn).ToArray();
        var subtomo = new[] { "rlnTomoSubtomogramRot", "rlnTomoSubtomogramTilt", "rlnTomoSubtomogramPsi" }.Select(block.TryColumn).ToArray();
        if (originA.Any(c => c >= 0)) notes.Add("applied the rlnOriginX/Y/ZAngst shifts (position = coordinate − origin, as RELION does)");

        var tomoInfo = tomogramsPath is not null ? ReadTomograms(tomogramsPath) : new Dictionary<string, TomoInfo>(StringComparer.Ordinal);
        var binning = o.Binning ?? sidecar?.Relion?.Binning ?? 1.0;
        var centre = o.Centre ?? sidecar?.Relion?.Centre ?? CentreConvention.Relion;

        var byTomo = new Dictionary<string, List<ForeignPick>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var r in block.Rows)
        {
            var id = nameCol >= 0 ? r[nameCol] : Path.GetFileNameWithoutExtension(r[micCol]);
            if (id.Length == 0) throw new MotorPickException("empty tomogram name", particlesPath, r.Line, "rlnTomoName");
            var native = new XyzPoint(Num(r, coords[0], block), Num(r, coords[1], block), Num(r, coords[2], block));
            var shiftA = originA.All(c => c >= 0) ? new XyzPoint(Num(r, originA[0], block), Num(r, originA[1], block), Num(r, originA[2], block)) : XyzPoint.Zero;
            var shiftP = originPx.All(c => c >= 0) ? new XyzPoint(Num(r, originPx[0], block), Num(r, originPx[1], block), Num(r, originPx[2], block)) : XyzPoint.Zero;
            if (subtomo.All(c => c >= 0))
                shiftA = RelionConvention.RotateShift(shiftA, Num(r, subtomo[0], block), Num(r, subtomo[1], block), Num(r, subtomo[2], block));
            double? score = scoreCol >= 0 ? Num(r, scoreCol, block) : null;
            if (!byTomo.TryGetValue(id, out var list)) { byTomo[id] = list = []; order.Add(id); }
            list.Add(new ForeignPick(native, score, $"line {r.Line}") { ShiftAngst = shiftA, ShiftPixels = shiftP });
        }
        // Tomograms listed in tomograms.star without particles are kept: they had no motor.
        var unpicked = tomoInfo.Keys.Where(k => !byTomo.ContainsKey(k)).ToList();
        foreach (var id in unpicked) { byTomo[id] = []; order.Add(id); }
        if (unpicked.Count > 0) notes.Add($"{unpicked.Count} tomogram(s) of the tomograms file have no particles and are written as 'no motor'");

        var tomograms = new List<ForeignTomogram>();
        foreach (var id in order)
        {
            if (tomoInfo.TryGetValue(id, out var info))
            {
                if (o.Binning is { } b && Math.Abs(b - info.Binning) > 1e-9)
                    throw new MotorPickException($"{id}: --binning {F(b)} disagrees with rlnTomoTomogramBinning {F(info.Binning)} in the tomograms file", tomogramsPath, info.Line, "rlnTomoTomogramBinning");
                var conv = new RelionConvention(useForm, info.Binning, centre, info.Size);
                tomograms.Add(new ForeignTomogram(id, particlesPath, byTomo[id], conv)
                {
                    FileSpacing = info.PixelSize * info.Binning,
                    // The binned tomogram's shape as RELION's reconstruct_tomogram computes it: w/spacing + 0.5, h/spacing + 0.5, d/spacing (truncated).
                    FileShape = new TomoShape((int)(info.Size.Z / info.Binning), (int)(info.Size.Y / info.Binning + 0.5), (int)(info.Size.X / info.Binning + 0.5)),
                    FileGeometrySource = tomogramsPath!,
                });
            }
            else
            {
                tomograms.Add(new ForeignTomogram(id, particlesPath, byTomo[id], new RelionConvention(useForm, binning, centre)));
            }
        }
        if (tomogramsPath is not null) notes.Add($"tomogram sizes and pixel sizes from {tomogramsPath}");
        return new ForeignPicks(tomograms, scoreCol >= 0, notes);
    }

    private sealed record TomoInfo((double X, double Y, double Z) Size, double PixelSize, double Binning, long Line);

    private static Dictionary<string, TomoInfo> ReadTomograms(string path)
    {
        var doc = StarDocument.Load(path);
        var block = doc.Find("global") ?? doc.Blocks.FirstOrDefault(b => b.Has("rlnTomoSizeX"))
                    ?? throw new MotorPickException("no data_global block with rlnTomoName and rlnTomoSizeX/Y/Z", path);
        var name = block.Column("rlnTomoName");
        var size = new[] { "rlnTomoSizeX", "rlnTomoSizeY", "rlnTomoSizeZ" }.Select(block.Column).ToArray();
        var px = block.Column("rlnTomoTiltSeriesPixelSize");
        var bin = block.TryColumn("rlnTomoTomogramBinning");
        var result = new Dictionary<string, TomoInfo>(StringComparer.Ordinal);
        foreach (var r in block.Rows)
        {
            var b = bin >= 0 ? Num(r, bin, block) : 1.0;
            var p = Num(r, px, block);
            if (!(b > 0) || !(p > 0)) throw new MotorPickException("pixel size and binning must be positive", path, r.Line);
            result[r[name]] = new TomoInfo((Num(r, size[0], block), Num(r, size[1], block), Num(r, size[2], block)), p, b, r.Line);
        }
        return result;
    }

    /// <summary>The particles file and the tomograms file (if any) from a folder, an optimisation set or a particles file.</summary>
    private static (string Particles, string? Tomograms) Locate(string input)
    {
        if (Directory.Exists(input))
        {
            var opt = Path.Combine(input, OptimisationSetFile);
            if (File.Exists(opt)) return Locate(opt);
            var p = Path.Combine(input, ParticlesFile);
            if (!File.Exists(p)) throw new MotorPickException($"no {ParticlesFile} or {OptimisationSetFile} in the folder", input);
            input = p;
        }
        if (!File.Exists(input)) throw new MotorPickException("file not found", input);
        var dir = Path.GetDirectoryName(Path.GetFullPath(input))!;
        var doc = StarDocument.Load(input);
        if (doc.Find("optimisation_set") is { } set)
        {
            var particles = set.Value("rlnTomoParticlesFile") ?? throw new MotorPickException("the optimisation set names no rlnTomoParticlesFile", input, set.Line, "rlnTomoParticlesFile");
            var tomos = set.Value("rlnTomoTomogramsFile");
            return (Resolve(particles, dir, input), tomos is null ? null : Resolve(tomos, dir, input));
        }
        var sibling = Path.Combine(dir, TomogramsFile);
        return (input, File.Exists(sibling) && Path.GetFullPath(sibling) != Path.GetFullPath(input) ? sibling : null);
    }

    /// <summary>RELION writes paths relative to its project folder; try the referring file's folder, then the path as given.</summary>
    private static string Resolve(string path, string dir, string from)
    {
        foreach (var candidate in new[] { Path.Combine(dir, path), path, Path.Combine(dir, Path.GetFileName(path)) })
            if (File.Exists(candidate)) return candidate;
        throw new MotorPickException($"cannot find {path} (looked next to the file and relative to the current folder)", from);
    }

    private static double Num(StarRow r, int col, StarBlock b)
    {
        if (double.TryParse(r[col], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
        throw new MotorPickException($"expected a number, found '{r[col]}'", b.Path, r.Line, b.Columns[col]);
    }

    private static string F(double v) => PyFormat.Float(v);

    private static string I(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
