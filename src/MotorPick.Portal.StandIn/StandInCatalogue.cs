using System.Globalization;
using System.Text.RegularExpressions;
using MotorPick.Core;
using MotorPick.Formats.Mrc;
using MotorPick.Formats.Zarr;
using MotorPick.Portal.Api;

namespace MotorPick.Portal.StandIn;

/// <summary>
/// The stand-in's catalogue, built from a directory in the layout of <c>motorpick synth --format all</c>:
/// <c>portal/&lt;run&gt;/&lt;run&gt;.mrc</c>, <c>&lt;run&gt;.zarr/</c> and <c>&lt;run&gt;_flagellar_motor.ndjson</c> (points optional).
/// Each run gets a dataset (three runs per dataset, ids from 10001), one voxel spacing and alignment, two tomograms
/// on the same files (a lower-id "denoised" visualisation default and a "raw" portal-standard one, so the
/// selection policies differ) and, with points, a motor annotation (GO:0120100) with an ndjson point file.
/// Files are published under the portal's key layout below <see cref="FilesBaseUrl"/>.
/// </summary>
public sealed class StandInCatalogue
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _zarrDirs = new(StringComparer.Ordinal);

    private StandInCatalogue(string filesBaseUrl) => FilesBaseUrl = filesBaseUrl.TrimEnd('/');

    public string FilesBaseUrl { get; }

    /// <summary>Root lists by GraphQL field name (runs, tomograms, ...).</summary>
    public Dictionary<string, IReadOnlyList<Entity>> Roots { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> RunNames { get; private set; } = [];

    /// <summary>The local file behind a URL path below the files root (e.g. "10001/r/.../r.mrc"), or null.</summary>
    public string? Resolve(string relativePath)
    {
        var parts = relativePath.Split('/');
        if (parts.Any(p => p is ".." or "." || p.Length == 0)) return null;
        if (_files.TryGetValue(relativePath, out var file)) return file;
        foreach (var (prefix, dir) in _zarrDirs)
            if (relativePath.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                var local = Path.Combine(dir, relativePath[(prefix.Length + 1)..].Replace('/', Path.DirectorySeparatorChar));
                return File.Exists(local) ? local : null;
            }
        return null;
    }

    public static StandInCatalogue FromDirectory(string dataDir, string filesBaseUrl)
    {
        var portal = Path.Combine(Path.GetFullPath(dataDir), "portal");
        if (!Directory.Exists(portal))
            throw new MotorPickException("no 'portal' folder: expected the layout of 'motorpick synth --format all' (portal/<run>/<run>.mrc, .zarr, _flagellar_motor.ndjson)", dataDir);
        var cat = new StandInCatalogue(filesBaseUrl);
        List<Entity> datasets = [], runs = [], spacings = [], tomograms = [], annotations = [], shapes = [], files = [];
        var names = Directory.GetDirectories(portal).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            var dir = Path.Combine(portal, name);
            var mrc = Path.Combine(dir, name + ".mrc");
            var zarr = Path.Combine(dir, name + ".zarr");
            var points = Path.Combine(dir, name + "_flagellar_motor.ndjson");
            if (!File.Exists(mrc) && !Directory.Exists(zarr)) continue;
            var (spacing, shape, levels) = Describe(mrc, zarr);

            var datasetId = 10001 + i / 3;
            var dataset = datasets.FirstOrDefault(d => d.Id == datasetId);
            if (dataset is null)
            {
                dataset = new Entity("Dataset") { ["id"] = (long)datasetId, ["title"] = $"MotorPick stand-in dataset {datasetId}", ["organismName"] = "Synthetic bacterium" };
                datasets.Add(dataset);
            }
            var runKey = $"{datasetId}/{name}";
            var run = new Entity("Run")
            {
                ["id"] = 100L + i, ["name"] = name, ["datasetId"] = (long)datasetId, ["dataset"] = dataset,
                ["httpsPrefix"] = $"{cat.FilesBaseUrl}/{runKey}/", ["s3Prefix"] = $"s3://stand-in/{runKey}/",
                ["tomograms"] = new List<Entity>(), ["annotations"] = new List<Entity>(), ["tomogramVoxelSpacings"] = new List<Entity>(),
            };
            dataset.AddTo("runs", run);
            runs.Add(run);
            var vsFolder = $"{runKey}/Reconstructions/VoxelSpacing{Math.Round(spacing, 3).ToString("0.000", CultureInfo.InvariantCulture)}";
            var tvs = new Entity("TomogramVoxelSpacing")
            {
                ["id"] = 1000L + i, ["runId"] = run["id"], ["run"] = run, ["voxelSpacing"] = spacing,
                ["httpsPrefix"] = $"{cat.FilesBaseUrl}/{vsFolder}/", ["tomograms"] = new List<Entity>(), ["annotationFiles"] = new List<Entity>(),
            };
            run.AddTo("tomogramVoxelSpacings", tvs);
            spacings.Add(tvs);

            for (var t = 0; t < 2; t++)
            {
                var folder = $"{vsFolder}/Tomograms/{100 + t}";
                string? mrcKey = File.Exists(mrc) ? $"{folder}/{name}.mrc" : null;
                string? zarrKey = Directory.Exists(zarr) ? $"{folder}/{name}.zarr" : null;
                if (mrcKey is not null) cat._files[mrcKey] = mrc;
                if (zarrKey is not null) cat._zarrDirs[zarrKey] = zarr;
                var raw = t == 1;
                var tomo = new Entity("Tomogram")
                {
                    ["id"] = 5000L + 2 * i + t, ["runId"] = run["id"], ["run"] = run, ["tomogramVoxelSpacingId"] = tvs["id"], ["tomogramVoxelSpacing"] = tvs,
                    ["alignmentId"] = 2000L + i, ["depositionId"] = 10332L, ["name"] = name,
                    ["sizeX"] = (long)shape[2], ["sizeY"] = (long)shape[1], ["sizeZ"] = (long)shape[0], ["voxelSpacing"] = spacing,
                    ["fiducialAlignmentStatus"] = "FIDUCIAL", ["reconstructionMethod"] = "WBP", ["processing"] = raw ? "raw" : "denoised",
                    ["tomogramVersion"] = 1.0, ["processingSoftware"] = raw ? null : "stand-in denoiser", ["reconstructionSoftware"] = "IMOD",
                    ["isPortalStandard"] = raw, ["isAuthorSubmitted"] = !raw, ["isVisualizationDefault"] = !raw,
                    ["s3OmezarrDir"] = zarrKey is null ? null : "s3://stand-in/" + zarrKey, ["httpsOmezarrDir"] = zarrKey is null ? null : $"{cat.FilesBaseUrl}/{zarrKey}",
                    ["fileSizeOmezarr"] = zarrKey is null ? null : (double)Directory.EnumerateFiles(zarr, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length),
                    ["s3MrcFile"] = mrcKey is null ? null : "s3://stand-in/" + mrcKey, ["httpsMrcFile"] = mrcKey is null ? null : $"{cat.FilesBaseUrl}/{mrcKey}",
                    ["fileSizeMrc"] = mrcKey is null ? null : (double)new FileInfo(mrc).Length,
                    ["scale0Dimensions"] = levels.ElementAtOrDefault(0), ["scale1Dimensions"] = levels.ElementAtOrDefault(1), ["scale2Dimensions"] = levels.ElementAtOrDefault(2),
                    ["ctfCorrected"] = raw ? null : true, ["offsetX"] = 0L, ["offsetY"] = 0L, ["offsetZ"] = 0L,
                    ["keyPhotoUrl"] = $"{cat.FilesBaseUrl}/{folder}/key-photo-original.png", ["keyPhotoThumbnailUrl"] = $"{cat.FilesBaseUrl}/{folder}/key-photo-thumbnail.png",
                    ["neuroglancerConfig"] = "{\"layers\": [{\"name\": \"" + name + "\", \"type\": \"image\"}]}",
                    ["publications"] = null, ["relatedDatabaseEntries"] = null,
                };
                run.AddTo("tomograms", tomo);
                tvs.AddTo("tomograms", tomo);
                tomograms.Add(tomo);
            }

            if (File.Exists(points))
            {
                var annotation = new Entity("Annotation")
                {
                    ["id"] = 3000L + i, ["runId"] = run["id"], ["run"] = run, ["objectId"] = PortalQueries.MotorObjectId,
                    ["objectName"] = "bacterial-type flagellum motor", ["groundTruthStatus"] = true, ["methodType"] = "hybrid", ["depositionId"] = 10332L,
                };
                var shapeEntity = new Entity("AnnotationShape") { ["id"] = 3500L + i, ["annotationId"] = annotation["id"], ["annotation"] = annotation, ["shapeType"] = "Point" };
                annotation.AddTo("annotationShapes", shapeEntity);
                var key = $"{vsFolder}/Annotations/100/bacterial_type_flagellum_motor-1.0_point.ndjson";
                cat._files[key] = points;
                var file = new Entity("AnnotationFile")
                {
                    ["id"] = 4000L + i, ["annotationShapeId"] = shapeEntity["id"], ["annotationShape"] = shapeEntity,
                    ["tomogramVoxelSpacingId"] = tvs["id"], ["tomogramVoxelSpacing"] = tvs, ["alignmentId"] = 2000L + i,
                    ["format"] = "ndjson", ["httpsPath"] = $"{cat.FilesBaseUrl}/{key}", ["s3Path"] = "s3://stand-in/" + key,
                    ["fileSize"] = (double)new FileInfo(points).Length, ["isVisualizationDefault"] = true, ["source"] = "dataset_author",
                };
                shapeEntity.AddTo("annotationFiles", file);
                tvs.AddTo("annotationFiles", file);
                run.AddTo("annotations", annotation);
                annotations.Add(annotation);
                shapes.Add(shapeEntity);
                files.Add(file);
            }
        }
        cat.Roots["datasets"] = datasets;
        cat.Roots["runs"] = runs;
        cat.Roots["tomogramVoxelSpacings"] = spacings;
        cat.Roots["tomograms"] = tomograms;
        cat.Roots["annotations"] = annotations;
        cat.Roots["annotationShapes"] = shapes;
        cat.Roots["annotationFiles"] = files;
        cat.RunNames = runs.Select(r => (string)r["name"]!).ToList();
        return cat;
    }

    /// <summary>Voxel spacing, shape (z, y, x) and the "x,y,z" dimensions of each zarr level.</summary>
    private static (double Spacing, int[] Shape, List<string> Levels) Describe(string mrc, string zarr)
    {
        var levels = new List<string>();
        double spacing = double.NaN;
        int[]? shape = null;
        if (Directory.Exists(zarr))
        {
            var image = OmeZarr.Open(zarr);
            foreach (var l in image.Levels) levels.Add($"{l.Shape.X},{l.Shape.Y},{l.Shape.Z}");
            var s = image.Levels[0].Shape;
            shape = [s.Z, s.Y, s.X];
            if (image.Levels[0].VoxelSize.IsKnown) spacing = image.Levels[0].VoxelSize.X;
        }
        if (File.Exists(mrc))
        {
            using var reader = MrcReader.Open(mrc);
            shape ??= [reader.Shape.Z, reader.Shape.Y, reader.Shape.X];
            if (double.IsNaN(spacing) && reader.VoxelSize.IsKnown) spacing = reader.VoxelSize.X;
        }
        if (double.IsNaN(spacing)) throw new MotorPickException("cannot tell the voxel spacing (neither the zarr nor the MRC has one)", mrc);
        // Folder names and API values carry 3 decimals at most (the portal rounds them too).
        spacing = Math.Round(spacing, 3);
        return (spacing, shape!, levels);
    }

    internal static bool SafeName(string s) => Regex.IsMatch(s, "^[A-Za-z0-9._-]+$");
}
