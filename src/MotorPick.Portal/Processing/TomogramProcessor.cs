using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Jpeg;
using MotorPick.Formats.Mrc;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Zarr;
using MotorPick.Labels;
using MotorPick.Portal.Selection;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Portal.Processing;

/// <summary>How downloaded tomograms are turned into the competition layout.</summary>
public sealed record ProcessOptions
{
    /// <summary>Tomograms are re-spaced to <c>max(TargetSpacing, ori)</c> A (never upsampled), as the reference did.</summary>
    public double TargetSpacing { get; init; } = 16.0;

    public QuantFixMode QuantFix { get; init; } = QuantFixMode.List;

    /// <summary>Threads per tomogram (-1: all cores).</summary>
    public int Threads { get; init; } = -1;

    public int JpegQuality { get; init; } = JpegSliceStackWriter.DefaultQuality;

    /// <summary>Voxels per streamed slab (memory per worker is a small multiple of this times 4 bytes). 8 M: as fast as 16 M on
    /// a 300x960x928 OME-Zarr with 256^3 chunks (2.89 against 2.91 s) at 609 MB instead of 871 MB; 4 M took 3.09 s at 307 MB
    /// (bench/volumes job 3, AMD EPYC, 2 cores).</summary>
    public long SlabVoxels { get; init; } = 8L << 20;
}

/// <summary>A tomogram whose raw files are on disk, ready for processing.</summary>
public sealed record DownloadedTomogram(IngestItem Item, RawFormat Format, int Level, string RawPath, string? PointsPath);

/// <summary>What processing one tomogram produced.</summary>
public sealed record ProcessedTomogram(string TomoId, VolumeShape OriShape, VolumeShape TargetShape, double OriSpacing, double TargetSpacing,
    bool DetectedAsUInt8Range, bool QuantisationFixed, IReadOnlyList<Point3> Motors, int PointsOutside);

/// <summary>
/// Reference 2.3 for one tomogram, streamed: statistics and the 256-bin histogram of the raw array,
/// <c>detected_as_uint8_range</c>, the wrong-quantisation fix, percentile clip (0.8791 %, 99.0642 %), re-spacing to
/// <c>max(16, ori)</c> A with the reference's trilinear resampler, truncation to uint8, JPEG slices
/// <c>tomogram/&lt;id&gt;/slice_%04d.jpg</c>, motor labels <c>labels/&lt;id&gt;.json</c>, and last (it marks the tomogram
/// complete) <c>meta/&lt;id&gt;.json</c>.
/// </summary>
public static class TomogramProcessor
{
    public static string SliceDirectory(string outDir, string tomoId) => Identifiers.Child(Path.Combine(outDir, "tomogram"), tomoId);

    public static ProcessedTomogram Process(DownloadedTomogram d, string outDir, ProcessOptions options, CancellationToken ct = default)
    {
        var item = d.Item;
        var id = item.TomoId;
        using var reader = Open(d, options);
        // The API's voxel spacing is the truth (older .zattrs carry unitless scales); level L is binned 2^L times.
        var oriSpacing = item.Tomogram.VoxelSpacing * (1 << d.Level);
        var targetSpacing = Math.Max(oriSpacing, options.TargetSpacing);

        VolumePipeline Pipeline(bool fix) => new(reader, PipelineOptions(oriSpacing, fix, options));

        var listed = options.QuantFix != QuantFixMode.None && Volumes.Intensity.Quantisation.PortalIds.Contains(id);
        var pipeline = Pipeline(listed);
        var profile = pipeline.Prepare()!;
        var fixApplied = WrapDetector.ShouldFix(options.QuantFix, id, profile);
        if (fixApplied != (listed && profile.DetectedAsUInt8Range))
        {
            // Auto mode found a wrapped tomogram the list does not name: scan again with the fix.
            pipeline = Pipeline(fixApplied);
            profile = pipeline.Prepare()!;
        }
        ct.ThrowIfCancellationRequested();

        var target = pipeline.OutputShape;
        using (var writer = new JpegSliceStackWriter(SliceDirectory(outDir, id), target.Z, target.Y, target.X, options.JpegQuality,
            maxDegreeOfParallelism: options.Threads, ownedRoot: outDir))
        {
            pipeline.Run(writer, cancellation: ct);
        }

        var (motors, outside) = Labels(d, reader.Shape, target, outDir);
        var meta = ReferenceMeta.Build(id, item.Tomogram, oriSpacing, reader.Shape, reader.VoxelType, profile, targetSpacing, target);
        AtomicFile.WriteAllText(ReferenceMeta.MetaPath(outDir, id), PyJson.Serialize(meta));
        return new ProcessedTomogram(id, reader.Shape, target, oriSpacing, targetSpacing, profile.DetectedAsUInt8Range, fixApplied, motors, outside);
    }

    /// <summary>The volume pipeline of reference 2.3 for a raw tomogram of <paramref name="oriSpacing"/> A: statistics and
    /// histogram, the portal fix when <paramref name="portalFix"/> and detected, the percentile window, re-spacing (never up).</summary>
    public static VolumePipelineOptions PipelineOptions(double oriSpacing, bool portalFix, ProcessOptions options) => new()
    {
        TargetVoxelSize = options.TargetSpacing,
        OnlyDownsample = true,
        SourceVoxelSize = VoxelSize.Isotropic(oriSpacing),
        PortalFixWhenDetected = portalFix,
        Normalize = PercentileWindow.Reference,
        ComputeHistogram = true,
        MaxDegreeOfParallelism = options.Threads,
        SlabVoxels = options.SlabVoxels,
    };

    private static IVolumeReader Open(DownloadedTomogram d, ProcessOptions options)
    {
        if (d.Format == RawFormat.Mrc) return MrcReader.Open(d.RawPath);
        var image = OmeZarr.Open(d.RawPath);
        return image.OpenLevel(d.Level, options.Threads > 0 ? options.Threads : 0);
    }

    /// <summary>Converts the run's motor points (if any) and writes <c>labels/&lt;id&gt;.json</c>.</summary>
    private static (IReadOnlyList<Point3> Motors, int Outside) Labels(DownloadedTomogram d, VolumeShape ori, VolumeShape stored, string outDir)
    {
        var item = d.Item;
        IReadOnlyList<Point3> motors = [];
        IReadOnlyList<PortalPoint> outside = [];
        IReadOnlyList<PortalPoint> points = [];
        if (d.PointsPath is not null && item.Points is not null)
        {
            points = MotorPoints.Read(d.PointsPath);
            // Points are voxels of the file's spacing; level L of the zarr has 2^L times the API spacing.
            (motors, outside) = MotorPoints.ToStored(points, item.Points.VoxelSpacing, item.Tomogram.VoxelSpacing * (1 << d.Level),
                (ori.Z, ori.Y, ori.X), (stored.Z, stored.Y, stored.X));
        }
        var doc = new List<KeyValuePair<string, object?>>
        {
            new("tomo_id", item.TomoId),
            new("annotation_file_id", item.Points?.Id),
            new("annotation_file_url", item.Points?.HttpsPath),
            new("annotation_voxel_spacing", item.Points?.VoxelSpacing),
            new("points_xyz", points.Select(p => new[] { p.X, p.Y, p.Z }).ToList()),
            new("points_outside_xyz", outside.Select(p => new[] { p.X, p.Y, p.Z }).ToList()),
            new("target_shape", new long[] { stored.Z, stored.Y, stored.X }),
            new("motors_zyx", motors.Select(m => new[] { m.Z, m.Y, m.X }).ToList()),
        };
        AtomicFile.WriteAllText(LabelPath(outDir, item.TomoId), PyJson.Serialize(doc));
        return (motors, outside.Count);
    }

    public static string LabelPath(string outDir, string tomoId) => Identifiers.Child(Path.Combine(outDir, "labels"), tomoId, ".json");
}
