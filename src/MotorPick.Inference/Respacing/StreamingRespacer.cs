using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Inference.Respacing;

/// <summary>
/// Re-spaces a tomogram (uint8 JPEG stacks; any type an <see cref="IVolumeReader"/> converts to float) to the model's
/// spacing while streaming it (docs/reference.md 5.2: PyTorch trilinear, <c>align_corners=False</c>,
/// <c>scale_factor = ori / target</c>, then truncation to uint8). The re-spacing is the one of
/// <see cref="VolumePipeline"/>, the same that training loads with, so predict and train see the same bytes; only the
/// output differs: one array per plane (<see cref="SpacedVolume"/>) so that any size fits. The quantisation fix is
/// applied to the source values first.
/// </summary>
public static class StreamingRespacer
{
    public static SpacedVolume Respace(IVolumeReader source, double oriSpacing, double targetSpacing, QuantisationFix fix = QuantisationFix.None,
        int maxDegreeOfParallelism = -1, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        var s = source.Shape;
        if (!s.IsPositive) throw new MotorPickException($"empty tomogram {s}", source.Source);
        var pipeline = new VolumePipeline(source, new VolumePipelineOptions
        {
            // The reference skips F.interpolate when the spacings are equal: the bytes pass through unchanged.
            TargetVoxelSize = oriSpacing == targetSpacing ? null : targetSpacing,
            SourceVoxelSize = VoxelSize.Isotropic(oriSpacing),
            LoadFix = fix,
            MaxDegreeOfParallelism = maxDegreeOfParallelism,
        });
        var planes = new PlaneWriter(pipeline.OutputShape);
        var total = pipeline.OutputShape.Z;
        var fraction = progress is null ? null : new SyncProgress<double>(f => progress.Report(((int)Math.Round(f * total), total)));
        pipeline.Run(planes, fraction, cancellation);
        return new SpacedVolume(pipeline.OutputShape, planes.Planes, targetSpacing);
    }

    /// <summary>Collects uint8 slabs as one array per plane (a single array would cap the volume at 2 GB).</summary>
    private sealed class PlaneWriter(VolumeShape shape) : IVolumeWriter
    {
        public byte[][] Planes { get; } = new byte[shape.Z][];
        public string Path => "memory";
        public VolumeShape Shape => shape;
        public VoxelType VoxelType => VoxelType.UInt8;
        public int SectionsWritten { get; private set; }

        public void WriteSlab<T>(ReadOnlySpan<T> voxels) where T : unmanaged
        {
            VoxelType.RequireClrType<T>(Path);
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(voxels);
            var section = (int)shape.SectionVoxels;
            if (bytes.Length % section != 0 || SectionsWritten + bytes.Length / section > shape.Z)
                throw new ArgumentException($"{bytes.Length} voxels are not whole sections of {shape} left to write", nameof(voxels));
            for (var i = 0; i < bytes.Length; i += section) Planes[SectionsWritten++] = bytes.Slice(i, section).ToArray();
        }

        public void Complete()
        {
            if (SectionsWritten != shape.Z) throw new InvalidOperationException($"{SectionsWritten} of {shape.Z} sections written");
        }

        public void Dispose() { }
    }
}
