using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Jpeg;
using MotorPick.Volumes.Caching;
using MotorPick.Volumes.Files;
using MotorPick.Volumes.Intensity;

namespace MotorPick.Volumes.Sources;

/// <summary>
/// The one owner of "where are the tomograms of this data set". Each root (<c>--data</c>, repeatable) is one of:
/// <list type="bullet">
/// <item>a folder of volumes, mixed as they come: JPEG slice folders (the competition layout,
/// <c>&lt;id&gt;/slice_%04d.jpg</c>), MRC files (<c>&lt;id&gt;.mrc</c>, .rec, .map, ...), NPY files, OME-Zarr stores
/// (<c>&lt;id&gt;.zarr</c>); entries whose names start with '.' (caches) and other files are ignored;</item>
/// <item>a folder holding none of those directly but a <c>tomogram/</c> folder (what <c>portal fetch</c> writes) or a
/// <c>train/</c> folder (the competition download, <c>motorpick synth</c>): that folder is listed;</item>
/// <item>a single volume (a file, a JPEG slice folder, a zarr store): one tomogram named after it;</item>
/// <item>a copick project (its folder or its <c>copick_config.json</c>): one tomogram per run.</item>
/// </list>
/// Every id is checked with <see cref="Identifiers"/>; one id found twice (in two roots, or as two files of one root)
/// is an error naming both. Volumes are opened with the +127 fix of the 15 wrapped competition tomograms applied
/// (<see cref="QuantisationFixedReader"/>), so every loader sees the same fixed volume.
/// </summary>
public sealed class TomogramDirectory
{
    // tilt series (.st, .ali) and particle stacks (.mrcs) share the MRC format but are not tomograms: listed only when named
    private static readonly string[] ListedExtensions = [".mrc", ".rec", ".map", ".npy"];

    private readonly Dictionary<string, TomogramEntry> _byId;
    private readonly Dictionary<string, double?> _headerSpacing = new(StringComparer.Ordinal);

    private TomogramDirectory(IReadOnlyList<string> roots, IReadOnlyList<TomogramEntry> entries, TomogramDirectoryOptions options)
    {
        Roots = roots;
        Tomograms = entries;
        Options = options;
        _byId = entries.ToDictionary(e => e.TomoId, StringComparer.Ordinal);
    }

    /// <summary>The roots as given.</summary>
    public IReadOnlyList<string> Roots { get; }

    /// <summary>Every tomogram, in ordinal id order.</summary>
    public IReadOnlyList<TomogramEntry> Tomograms { get; }

    public TomogramDirectoryOptions Options { get; }

    /// <summary>The roots for messages: <c>train, external/tomogram</c>.</summary>
    public string Describe() => string.Join(", ", Roots);

    /// <summary>Lists the tomograms of one root.</summary>
    public static TomogramDirectory Open(string root, TomogramDirectoryOptions? options = null) => Open([root], options);

    /// <summary>Lists the tomograms of every root; an id found twice is an error naming both paths.</summary>
    public static TomogramDirectory Open(IReadOnlyList<string> roots, TomogramDirectoryOptions? options = null)
    {
        options ??= new TomogramDirectoryOptions();
        if (roots.Count == 0) throw new MotorPickException("no data folder given", field: "--data");
        var byId = new SortedDictionary<string, TomogramEntry>(StringComparer.Ordinal);
        foreach (var root in roots)
            foreach (var entry in List(root, options))
                if (!byId.TryAdd(entry.TomoId, entry))
                    throw new MotorPickException($"tomogram {entry.TomoId} is found twice: {byId[entry.TomoId].Path} and {entry.Path}; " +
                        "give each tomogram once (remove one, or pass the roots that hold the copy you want)", entry.Path, field: "tomo_id");
        return new TomogramDirectory(roots, byId.Values.ToList(), options);
    }

    public bool Contains(string tomoId) => _byId.ContainsKey(tomoId);

    public bool TryGet(string tomoId, out TomogramEntry entry) => _byId.TryGetValue(tomoId, out entry!);

    /// <summary>The tomogram <paramref name="tomoId"/> (checked first: an id from a file never reaches a path unchecked).</summary>
    public TomogramEntry Get(string tomoId)
    {
        Identifiers.Check(tomoId, Describe(), field: "tomo_id", what: "tomogram id");
        return _byId.TryGetValue(tomoId, out var e) ? e
            : throw new MotorPickException($"tomogram {tomoId} is not in the data ({Tomograms.Count} tomograms found under {Describe()})", Roots[0], field: "--data");
    }

    /// <summary>Opens tomogram <paramref name="tomoId"/> (any format), with its quantisation fix applied when
    /// <see cref="TomogramDirectoryOptions.QuantisationFix"/> is on; <paramref name="voxelSize"/> replaces the file's.</summary>
    public IVolumeReader OpenVolume(string tomoId, VoxelSize? voxelSize = null)
    {
        var entry = Get(tomoId);
        var reader = VolumeFiles.Open(entry.Path, new VolumeOpenOptions { VoxelSize = voxelSize });
        if (reader is JpegSliceStack stack) stack.MaxDegreeOfParallelism = Options.ReadThreads;
        return Options.QuantisationFix ? QuantisationFixedReader.Wrap(tomoId, reader) : reader;
    }

    /// <summary>
    /// The volume-cache key of tomogram <paramref name="tomoId"/> read through <paramref name="reader"/> (from
    /// <see cref="OpenVolume"/>) and re-spaced to <paramref name="targetSpacing"/>: it names the quantisation fix the reader
    /// applies, so train and predict share entries and an unfixed copy is never taken for the fixed volume.
    /// </summary>
    public VolumeCacheKey CacheKey(string tomoId, IVolumeReader reader, double originalSpacing, double targetSpacing)
    {
        var fix = reader is QuantisationFixedReader fixedReader ? fixedReader.Fix : QuantisationFix.None;
        return new VolumeCacheKey(Get(tomoId).Path, originalSpacing, targetSpacing, Streaming.ModelInput.CacheMethod(fix, reader.VoxelType));
    }

    /// <summary>The voxel spacing (Å) in the file's header (MRC, OME-Zarr), or null where the format has none or the header
    /// says unknown (zero) or anisotropic.</summary>
    public double? HeaderSpacing(string tomoId)
    {
        var entry = Get(tomoId);
        if (entry.Format is VolumeFormat.JpegStack or VolumeFormat.Npy) return null;
        lock (_headerSpacing)
        {
            if (_headerSpacing.TryGetValue(tomoId, out var known)) return known;
            using var reader = VolumeFiles.Open(entry.Path);
            var size = reader.VoxelSize;
            double? spacing = size.IsKnown && size.IsIsotropic ? size.X : null;
            _headerSpacing[tomoId] = spacing;
            return spacing;
        }
    }

    /// <summary>The voxel spacing of a tomogram: the file header's where it has one, else the label table's
    /// (<paramref name="labelSpacing"/>), else <paramref name="assumeSpacing"/> (<c>--assume-spacing</c>). A header that
    /// agrees with the label table to float32 precision (MRC stores the cell in float32: 13.1 reads 13.1000004) yields
    /// the table's value, so an MRC copy of a tomogram is re-spaced exactly as its JPEG stack.</summary>
    public double Spacing(string tomoId, double? labelSpacing, double? assumeSpacing, string? labelsSource = null)
    {
        if (HeaderSpacing(tomoId) is { } header)
            return labelSpacing is { } l && Math.Abs(header - l) <= 1e-6 * Math.Abs(l) ? l : header;
        if (labelSpacing is { } label) return label;
        if (assumeSpacing is { } assumed) return assumed;
        throw new MotorPickException($"the voxel spacing of tomogram {tomoId} is unknown: its file has no voxel size in a header and " +
            (labelsSource is null ? "no label table was given (--labels)" : "the label table does not list it") +
            "; give --labels with its voxel_spacing, --assume-spacing, or --only-labelled", labelsSource ?? Get(tomoId).Path, field: "voxel_spacing");
    }

    /// <summary>True when <paramref name="dir"/> is itself one volume: an OME-Zarr store or a JPEG slice folder.</summary>
    public static bool IsVolumeDirectory(string dir) =>
        Path.GetExtension(dir.TrimEnd(Path.DirectorySeparatorChar)).Equals(".zarr", StringComparison.OrdinalIgnoreCase)
        || File.Exists(Path.Combine(dir, ".zattrs")) || File.Exists(Path.Combine(dir, ".zarray")) || File.Exists(Path.Combine(dir, ".zgroup"))
        || Directory.EnumerateFiles(dir, "slice_*.jpg").Any();

    private static IReadOnlyList<TomogramEntry> List(string root, TomogramDirectoryOptions options)
    {
        var full = Path.GetFullPath(root);
        if (File.Exists(full))
        {
            if (Path.GetFileName(full) == CopickTomograms.ConfigName) return CopickTomograms.List(full, root, options.CopickTomogramType);
            return [Single(full, root)];
        }
        if (!Directory.Exists(full)) throw new MotorPickException("data folder not found", root, field: "--data");
        if (IsVolumeDirectory(full)) return [Single(full, root)];
        var config = Path.Combine(full, CopickTomograms.ConfigName);
        if (File.Exists(config)) return CopickTomograms.List(config, root, options.CopickTomogramType);
        var entries = Children(full, root);
        // portal fetch writes D/tomogram/<id>; the competition download and motorpick synth write D/train/<id>
        foreach (var sub in new[] { "tomogram", "train" })
        {
            if (entries.Count > 0) break;
            var dir = Path.Combine(full, sub);
            if (Directory.Exists(dir)) entries = Children(dir, root);
        }
        if (entries.Count == 0)
            throw new MotorPickException("no tomograms found: expected JPEG slice folders (<id>/slice_%04d.jpg), <id>.mrc, <id>.npy or <id>.zarr here " +
                "or in its tomogram/ or train/ folder, a single volume, or a copick project", root, field: "--data");
        return entries;
    }

    private static List<TomogramEntry> Children(string dir, string root)
    {
        var found = new SortedDictionary<string, TomogramEntry>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || AtomicFile.IsTempName(name)) continue;
            TomogramEntry? entry = null;
            if (Directory.Exists(path))
            {
                if (IsVolumeDirectory(path)) entry = Single(path, root);
            }
            else if (ListedExtensions.Contains(Path.GetExtension(name).ToLowerInvariant())) entry = Single(path, root);
            if (entry is null) continue;
            if (!found.TryAdd(entry.TomoId, entry))
                throw new MotorPickException($"tomogram {entry.TomoId} is found twice: {found[entry.TomoId].Path} and {entry.Path}", entry.Path, field: "tomo_id");
        }
        return [.. found.Values];
    }

    /// <summary>One volume, named after its file or folder without the extension.</summary>
    private static TomogramEntry Single(string path, string root)
    {
        var format = VolumeFiles.Detect(path);
        var name = Path.GetFileName(path.TrimEnd(Path.DirectorySeparatorChar));
        var id = format == VolumeFormat.JpegStack ? name : Path.GetFileNameWithoutExtension(name);
        Identifiers.Check(id, path, field: "tomo_id", what: "tomogram id (from the file name)");
        return new TomogramEntry(id, path, format, root);
    }
}
