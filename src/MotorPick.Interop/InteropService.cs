using MotorPick.Core;
using MotorPick.Interop.Conventions;
using MotorPick.Interop.Formats;
using MotorPick.Interop.Sidecar;
using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Interop;

/// <summary>What an export wrote.</summary>
public sealed record ExportResult(string OutDir, InteropFormat Format, PickKind Kind, int Tomograms, int Picks, int InOriginalGrid, IReadOnlyList<string> Files, string SidecarPath);

/// <summary>What an import read, in MotorPick's convention, with notes on the conventions and sources used.</summary>
public sealed record ImportResult(PickSet Set, IReadOnlyList<string> Notes, string? SidecarPath);

/// <summary>
/// Moves picks between MotorPick's tables and the tools structural biologists use. Every export states the voxel
/// spacing and shape it assumed (in the file where the format can, and always in <see cref="GeometrySidecar"/>);
/// every import needs them (from the file, the sidecar, a label table or --voxel-size/--shape), refuses sources
/// that disagree, and refuses points outside the tomogram, naming the point and the convention used.
/// </summary>
public static class InteropService
{
    /// <summary>Relative tolerance for two statements of one voxel spacing to agree.</summary>
    private const double SpacingTolerance = 1e-6;

    public static IPickFormat Create(InteropFormat format) => format switch
    {
        InteropFormat.Copick => new CopickFormat(),
        InteropFormat.Relion5 => new RelionFormat(RelionForm.Centred),
        InteropFormat.Relion4 => new RelionFormat(RelionForm.Pixels),
        InteropFormat.Ndjson => new NdjsonFormat(),
        InteropFormat.Napari => new NapariFormat(),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static ExportResult Export(PickSet set, InteropFormat format, string outDir, ExportOptions options)
    {
        var fmt = Create(format);
        var tomograms = new List<TomogramPicks>(set.Tomograms.Count);
        var stored = new Dictionary<string, TomogramGeometry>(StringComparer.Ordinal);
        foreach (var t in set.Tomograms)
        {
            foreach (var p in t.Picks)
            {
                if (!t.Geometry.Shape.Contains(p.Point) || !double.IsFinite(p.Point.Z + p.Point.Y + p.Point.X))
                    throw new MotorPickException($"{t.TomoId}: pick (z, y, x) {p.Point} lies outside the tomogram {t.Geometry.Shape} (voxel coordinates must be in [-0.5, n-0.5)); nothing was written", field: "tomo_id");
            }
            var grid = options.OriginalGridMeta is { } meta ? RespacedGrid.TryLoad(meta, t.TomoId) : null;
            if (grid is null)
            {
                tomograms.Add(t);
                continue;
            }
            if (!Same(grid.Stored, t.Geometry))
                throw new MotorPickException($"{t.TomoId}: the labels' grid ({t.Geometry}) is not the stored grid of the meta file ({grid.Stored}); the labels must be in the stored tomogram's coordinates", RespacedGrid.MetaPath(options.OriginalGridMeta!, t.TomoId));
            stored[t.TomoId] = grid.Stored;
            tomograms.Add(t with { Geometry = grid.Original, Picks = t.Picks.Select(p => p with { Point = grid.ToOriginal(p.Point) }).ToArray() });
        }
        var exportSet = new PickSet(set.Kind, tomograms);
        Directory.CreateDirectory(outDir);
        var files = fmt.Write(exportSet, outDir, options);
        var relion = format is InteropFormat.Relion5 or InteropFormat.Relion4 ? new RelionSettings(options.Centre, options.Binning) : null;
        var sidecar = new GeometrySidecar(InteropFormats.Name(format), set.Kind, fmt.ConventionText(options),
            tomograms.Select(t => new SidecarTomogram(t.TomoId, t.Geometry, stored.GetValueOrDefault(t.TomoId),
                files.TryGetValue(t.TomoId, out var f) ? f.Select(x => x.Replace('\\', '/')).ToArray() : [])).ToArray(),
            relion);
        sidecar.Write(outDir);
        var all = files.Values.SelectMany(f => f).Distinct(StringComparer.Ordinal).ToList();
        return new ExportResult(outDir, format, set.Kind, tomograms.Count, exportSet.PickCount, stored.Count, all, Path.Combine(outDir, GeometrySidecar.FileName));
    }

    public static ImportResult Import(InteropFormat format, string input, ImportOptions options)
    {
        if (!File.Exists(input) && !Directory.Exists(input)) throw new MotorPickException("no such file or folder", input);
        if (options.VoxelSize is { } vs && !(vs > 0)) throw new MotorPickException($"--voxel-size must be positive (Å), found {vs}", field: "--voxel-size");
        var found = GeometrySidecar.Locate(input);
        var sidecar = found?.Sidecar;
        var notes = new List<string>();
        if (found is { } s) notes.Add($"voxel spacings and shapes stated by {s.Path}");
        var foreign = Create(format).Read(input, options, sidecar);
        notes.AddRange(foreign.Notes);
        var kind = options.Kind ?? sidecar?.Kind ?? (foreign.HasScores ? PickKind.Candidates : PickKind.Labels);
        var tomograms = new List<TomogramPicks>();
        foreach (var t in foreign.Tomograms)
        {
            // Ids read from foreign files (folder names, STAR columns, file names) enter the label tables here.
            Identifiers.Check(t.TomoId, t.Source, field: "tomo_id", what: "tomogram id");
            var (fileGrid, map) = ResolveGeometry(t, options, sidecar?.Find(t.TomoId), found?.Path);
            var picks = new List<Pick>(t.Picks.Count);
            foreach (var p in t.Picks)
            {
                var v = p.ShiftAngst.IsZero && p.ShiftPixels.IsZero
                    ? t.Convention.ToVoxel(p.Native, fileGrid)
                    : ((RelionConvention)t.Convention).ToVoxel(p.Native, p.ShiftAngst, p.ShiftPixels, fileGrid);
                v = Snap(v, fileGrid.Shape);
                if (!fileGrid.Shape.Contains(v) || !double.IsFinite(v.Z + v.Y + v.X))
                    throw new MotorPickException(
                        $"{t.TomoId}: the point at {p.Where} ({p.Native}) maps to voxel (z, y, x) {v}, outside the {fileGrid.Shape} tomogram " +
                        $"(inside is -0.5 <= v < n-0.5 on every axis). Convention used: {t.Convention.Describe(fileGrid)}. " +
                        "Check the voxel spacing, the shape, the binning and the centre convention; nothing was written", t.Source);
                if (map is not null) v = Snap(map.ToStored(v), map.Stored.Shape);
                picks.Add(new Pick(v, kind == PickKind.Candidates ? p.Score ?? 1.0 : null));
            }
            tomograms.Add(new TomogramPicks(t.TomoId, map?.Stored ?? fileGrid, picks));
        }
        return new ImportResult(new PickSet(kind, tomograms), notes, found?.Path);
    }

    /// <summary>
    /// The grid the file's coordinates are in, and the stored grid to map them to when the tomogram was re-spaced.
    /// Sources in priority order: --voxel-size/--shape, the original grid (meta file or sidecar) or else the label
    /// table, the sidecar, the file itself, a spacing hint from a folder name. Every stated value must agree.
    /// </summary>
    private static (TomogramGeometry FileGrid, RespacedGrid? Map) ResolveGeometry(ForeignTomogram t, ImportOptions o, SidecarTomogram? side, string? sidePath)
    {
        var map = o.OriginalGridMeta is { } meta ? RespacedGrid.TryLoad(meta, t.TomoId) : null;
        var mapSource = map is not null ? RespacedGrid.MetaPath(o.OriginalGridMeta!, t.TomoId) : null;
        if (map is null && side?.Stored is { } st)
        {
            map = new RespacedGrid(st, side.Grid);
            mapSource = sidePath;
        }
        GtRow? row = null;
        var tableName = o.Tomograms?.Source ?? "the label table";
        if (o.Tomograms is { } table && !table.TryGet(t.TomoId, out row))
            throw new MotorPickException($"{t.TomoId} (read from {t.Source}) is not in the label table that gives the tomograms' shape and voxel spacing", tableName, field: "tomo_id");

        var spacings = new List<(double Value, string Source)>();
        var shapes = new List<(TomoShape Value, string Source)>();
        if (o.VoxelSize is { } vs) spacings.Add((vs, "--voxel-size"));
        if (o.Shape is { } sh) shapes.Add((sh, "--shape"));
        if (map is not null)
        {
            spacings.Add((map.Original.VoxelSpacing, $"the original grid in {mapSource}"));
            shapes.Add((map.Original.Shape, $"the original grid in {mapSource}"));
            if (row is not null && !Same(map.Stored, new TomogramGeometry(row.Shape, row.VoxelSpacing)))
                throw new MotorPickException($"{t.TomoId}: {tableName} gives {row.Shape} at {PyFormat.Float(row.VoxelSpacing)} Å but the stored grid in {mapSource} is {map.Stored}", tableName, field: "tomo_id");
        }
        else
        {
            if (row is not null)
            {
                spacings.Add((row.VoxelSpacing, tableName));
                shapes.Add((row.Shape, tableName));
            }
            if (side is not null)
            {
                spacings.Add((side.Grid.VoxelSpacing, sidePath!));
                shapes.Add((side.Grid.Shape, sidePath!));
            }
        }
        if (t.FileSpacing is { } fs) spacings.Add((fs, t.FileGeometrySource));
        if (t.FileShape is { } fsh) shapes.Add((fsh, t.FileGeometrySource));
        if (spacings.Count == 0 && t.HintSpacing is { } hint) spacings.Add((hint, $"the folder name of {t.Source}"));

        if (spacings.Count == 0)
            throw new MotorPickException($"{t.TomoId}: no voxel spacing is known (the file does not state it and there is no {GeometrySidecar.FileName}); pass --voxel-size <Å> with --shape ZxYxX, or --labels <gt.csv>", t.Source);
        if (shapes.Count == 0)
            throw new MotorPickException($"{t.TomoId}: the tomogram's shape is not known (needed to refuse points outside it); pass --shape ZxYxX, or --labels <gt.csv>", t.Source);
        var (spacing, spacingSource) = spacings[0];
        foreach (var (v, src) in spacings.Skip(1))
        {
            if (Math.Abs(v - spacing) > SpacingTolerance * Math.Max(1, Math.Abs(spacing)))
                throw new MotorPickException(
                    $"{t.TomoId}: {spacingSource} gives voxel spacing {PyFormat.Float(spacing)} Å but {src} gives {PyFormat.Float(v)} Å" +
                    (o.OriginalGridMeta is null ? "; if the points are in the original grid of a re-spaced tomogram, pass --original-grid <meta folder>" : ""), t.Source);
        }
        var (shape, shapeSource) = shapes[0];
        foreach (var (v, src) in shapes.Skip(1))
        {
            if (v != shape) throw new MotorPickException($"{t.TomoId}: {shapeSource} gives the shape {shape} but {src} gives {v}", t.Source);
        }
        return (new TomogramGeometry(shape, spacing), map);
    }

    /// <summary>
    /// Moves a coordinate within 1e-9 voxel below the volume's lower face (-0.5, inside) onto it: the rounding of a
    /// point written exactly on that face. The upper face n-0.5 is outside by definition and is never moved.
    /// </summary>
    private static Point3 Snap(Point3 v, TomoShape s) => new(SnapAxis(v.Z), SnapAxis(v.Y), SnapAxis(v.X));

    private static double SnapAxis(double v) => v < -0.5 && v >= -0.5 - 1e-9 ? -0.5 : v;

    private static bool Same(TomogramGeometry a, TomogramGeometry b) =>
        a.Shape == b.Shape && Math.Abs(a.VoxelSpacing - b.VoxelSpacing) <= SpacingTolerance * Math.Max(1, a.VoxelSpacing);
}
