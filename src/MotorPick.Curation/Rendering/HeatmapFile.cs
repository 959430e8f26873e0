using System.Buffers.Binary;
using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Npy;
using MotorPick.Volumes;

namespace MotorPick.Curation.Rendering;

/// <summary>
/// Reads heatmaps saved by <c>motorpick predict --save-heatmaps</c>: .npy, float16 or float32, shape (Z, Y, X) or (1, Z, Y, X),
/// probabilities on the aggregation grid. The file does not record the grid's spacing, so the volume's voxel size is
/// unknown; review panels map slices by proportion (<see cref="HeatmapPanel"/>).
/// </summary>
public static class HeatmapFile
{
    public static Volume<float>? TryRead(string path) => File.Exists(path) ? Read(path) : null;

    public static Volume<float> Read(string path)
    {
        var header = NpyHeader.Read(path);
        var shape = header.Shape.SkipWhile((d, i) => d == 1 && header.Shape.Length - i > 3).ToArray();
        if (shape.Length != 3) throw new MotorPickException($"a heatmap must be 3-D (z, y, x), found shape ({string.Join(", ", header.Shape)})", path, field: "shape");
        var n = checked((int)(shape[0] * shape[1] * shape[2]));
        var bytes = File.ReadAllBytes(path).AsSpan((int)header.DataOffset);
        var values = new float[n];
        switch (header.VoxelType)
        {
            case Formats.Voxels.VoxelType.Float16:
                if (bytes.Length < 2L * n) throw new MotorPickException("the file is shorter than its header says", path);
                for (var i = 0; i < n; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]);
                break;
            case Formats.Voxels.VoxelType.Float32:
                if (bytes.Length < 4L * n) throw new MotorPickException("the file is shorter than its header says", path);
                for (var i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
                break;
            default:
                throw new MotorPickException($"a heatmap must be float16 or float32, found {header.VoxelType}", path, field: "descr");
        }
        return new Volume<float>(new VolumeShape((int)shape[0], (int)shape[1], (int)shape[2]), VoxelSize.Unknown, values);
    }
}
