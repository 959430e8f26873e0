using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Volumes.Intensity;

namespace MotorPick.Volumes.Files;

/// <summary>What <c>motorpick volume info</c> reports.</summary>
public sealed record VolumeDescription(string Path, VolumeFormat Format, VolumeShape Shape, VoxelType VoxelType, VoxelSize VoxelSize,
    IntensityProfile? Statistics);

public static class VolumeInfo
{
    /// <summary>Header facts and (unless <paramref name="statistics"/> is false) one streaming pass of min/max/mean/std.</summary>
    public static VolumeDescription Describe(string path, VolumeOpenOptions? options = null, bool statistics = true)
    {
        var format = VolumeFiles.Detect(path);
        using var reader = VolumeFiles.Open(path, options);
        var stats = statistics ? IntensityScanner.Scan(reader, new IntensityScanOptions()) : null;
        return new VolumeDescription(path, format, reader.Shape, reader.VoxelType, reader.VoxelSize, stats);
    }
}
