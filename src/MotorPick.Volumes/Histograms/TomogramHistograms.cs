using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Jpeg;
using MotorPick.Volumes.Files;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Resampling;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Volumes.Histograms;

/// <summary>How <c>histogram.json</c> is computed.</summary>
public sealed record HistogramOptions
{
    /// <summary>Re-spacing target in A (the reference used 13.1).</summary>
    public double TargetSpacing { get; init; } = 13.1;

    /// <summary>Round the resampled values to float16 before truncating to uint8. Default true: the reference resampled
    /// <c>tomo.half()</c>, so this reproduces its histogram.json (use false for float32, as at inference).</summary>
    public bool RoundToHalf { get; init; } = true;

    /// <summary>Apply the competition +127 fix to the 15 listed ids before counting. Default false: the reference's
    /// file was made before the fix existed (its 15 wrongly quantised tomograms appear "dark").</summary>
    public bool FixKnownQuantisation { get; init; }

    public ResampleMethod Method { get; init; } = ResampleMethod.TorchTrilinear;
    public int MaxDegreeOfParallelism { get; init; } = -1;
}

/// <summary>One tomogram to histogram: its volume (a JPEG slice folder or any volume file) and voxel spacing. With
/// <see cref="Open"/> (a <see cref="Sources.TomogramDirectory"/>'s reader) the volume is read through it, and the opener
/// applies the quantisation fix; otherwise <see cref="HistogramOptions.FixKnownQuantisation"/> does.</summary>
public sealed record HistogramInput(string TomoId, string Directory, double VoxelSpacing)
{
    public Func<IVolumeReader>? Open { get; init; }
}

/// <summary>Computes <c>histogram.json</c> entries (docs/reference.md 4): JPEG stack -> re-space to the target
/// spacing (PyTorch trilinear, optionally via float16) -> truncate to uint8 -> bincount.</summary>
public static class TomogramHistograms
{
    public static TomogramHistogram Compute(string tomoId, IVolumeReader source, double voxelSpacing, HistogramOptions options)
    {
        var pipeline = new VolumePipeline(source, new VolumePipelineOptions
        {
            SourceVoxelSize = VoxelSize.Isotropic(voxelSpacing),
            TargetVoxelSize = options.TargetSpacing,
            Method = options.Method,
            RoundToHalf = options.RoundToHalf,
            LoadFix = options.FixKnownQuantisation && Quantisation.CompetitionIds.Contains(tomoId) ? QuantisationFix.CompetitionPlus127 : QuantisationFix.None,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
        });
        var writer = new HistogramWriter(pipeline.OutputShape);
        pipeline.Run(writer);
        var s = source.Shape;
        var o = pipeline.OutputShape;
        return new TomogramHistogram(tomoId, [s.Z, s.Y, s.X], [o.Z, o.Y, o.X], writer.Counts);
    }

    /// <summary>Histograms of every input, in input order. <paramref name="progress"/> gets (done, total, tomo id).</summary>
    public static IReadOnlyList<TomogramHistogram> ComputeAll(IReadOnlyList<HistogramInput> inputs, HistogramOptions options,
        IProgress<(int Done, int Total, string TomoId)>? progress = null, CancellationToken cancellation = default)
    {
        var result = new List<TomogramHistogram>(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var input = inputs[i];
            if (!(input.VoxelSpacing > 0)) throw new MotorPickException($"{input.TomoId}: voxel spacing must be positive, got {input.VoxelSpacing}");
            using var reader = input.Open?.Invoke() ?? VolumeFiles.Open(input.Directory);
            if (reader is JpegSliceStack jpeg) jpeg.MaxDegreeOfParallelism = options.MaxDegreeOfParallelism;
            // an opener applies the fix itself (the data source's reader), so it is not applied twice
            result.Add(Compute(input.TomoId, reader, input.VoxelSpacing, input.Open is null ? options : options with { FixKnownQuantisation = false }));
            progress?.Report((i + 1, inputs.Count, input.TomoId));
        }
        return result;
    }
}
