using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Volumes;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Inference.Respacing;

/// <summary>
/// Re-spaces a tomogram (uint8 JPEG stacks; any type an <see cref="IVolumeReader"/> converts to float) to the model's
/// spacing while streaming it (docs/reference.md 5.2: PyTorch trilinear, <c>align_corners=False</c>,
/// <c>scale_factor = ori / target</c>, then truncation to uint8). The re-spacing is the one of
/// <see cref="VolumePipeline"/>, the same that training loads with, so predict and train see the same bytes; only the
/// output is held as one array per plane (<see cref="Volume{T}.FromPlanes"/>) so that any size fits. The quantisation fix is
/// applied to the source values first.
/// </summary>
public static class StreamingRespacer
{
    /// <param name="normalize">A percentile window mapping the source's values to 0..255 first (<see cref="ModelInput.Window"/>);
    /// null reads the values as grey levels.</param>
    public static Volume<byte> Respace(IVolumeReader source, double oriSpacing, double targetSpacing, QuantisationFix fix = QuantisationFix.None,
        int maxDegreeOfParallelism = -1, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default,
        PercentileWindow? normalize = null)
    {
        var s = source.Shape;
        if (!s.IsPositive) throw new MotorPickException($"empty tomogram {s}", source.Source);
        var pipeline = new VolumePipeline(source, ModelInput.PipelineOptions(normalize, oriSpacing, targetSpacing, fix, maxDegreeOfParallelism));
        var total = pipeline.OutputShape.Z;
        var fraction = progress is null ? null : new SyncProgress<double>(f => progress.Report(((int)Math.Round(f * total), total)));
        return pipeline.RunToPlanes<byte>(fraction, cancellation);
    }
}
