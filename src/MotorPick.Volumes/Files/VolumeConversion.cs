using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Resampling;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Volumes.Files;

/// <summary>Options of <see cref="VolumeConversion.Convert"/>.</summary>
public sealed record ConversionOptions
{
    public VolumeOpenOptions Open { get; init; } = new();

    /// <summary>Target voxel size (A); null keeps the grid.</summary>
    public double? TargetVoxelSize { get; init; }

    public ResampleMethod Method { get; init; } = ResampleMethod.TorchTrilinear;

    /// <summary>Percentile normalisation to [0, 1] (uint8 output: x255).</summary>
    public PercentileWindow? Normalize { get; init; }

    /// <summary>Output element type; null: uint8 for JPEG stacks, normalised data and uint8 sources, else float32.</summary>
    public VoxelType? OutputType { get; init; }

    public QuantisationFix LoadFix { get; init; }
    public bool PortalFixWhenDetected { get; init; }
    public int JpegQuality { get; init; } = 95;
    public int MaxDegreeOfParallelism { get; init; } = -1;
}

/// <summary>Result of a conversion.</summary>
public sealed record ConversionResult(VolumeShape InputShape, VoxelSize InputVoxelSize, VolumeShape OutputShape, VoxelSize OutputVoxelSize,
    VoxelType OutputType, (double Lower, double Upper)? Window, IntensityProfile? Profile);

/// <summary>Streams one volume file into another, through <see cref="VolumePipeline"/>.</summary>
public static class VolumeConversion
{
    public static ConversionResult Convert(string input, string output, ConversionOptions options, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        using var reader = VolumeFiles.Open(input, options.Open);
        var pipeline = new VolumePipeline(reader, new VolumePipelineOptions
        {
            TargetVoxelSize = options.TargetVoxelSize,
            Method = options.Method,
            Normalize = options.Normalize,
            LoadFix = options.LoadFix,
            PortalFixWhenDetected = options.PortalFixWhenDetected,
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism,
        });
        var type = options.OutputType
            ?? (VolumeFiles.ForOutput(output) == VolumeFormat.JpegStack || options.Normalize is not null || reader.VoxelType == VoxelType.UInt8
                ? VoxelType.UInt8 : VoxelType.Float32);
        if (type is not (VoxelType.UInt8 or VoxelType.Float32))
            throw new MotorPickException($"output type must be uint8 or float32, not {type.NumpyName()}", output);
        if (Path.GetFullPath(input) == Path.GetFullPath(output)) throw new MotorPickException("input and output are the same path", output);
        pipeline.Prepare();
        using var writer = VolumeFiles.Create(output, pipeline.OutputShape, type, pipeline.OutputVoxelSize, options.JpegQuality);
        pipeline.Run(writer, progress, cancellation);
        return new ConversionResult(reader.Shape, pipeline.SourceVoxelSize, pipeline.OutputShape, pipeline.OutputVoxelSize, type, pipeline.Window, pipeline.Profile);
    }
}
