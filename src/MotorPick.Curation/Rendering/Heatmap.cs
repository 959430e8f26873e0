using System.Buffers.Binary;
using MotorPick.Core;
using MotorPick.Formats.Npy;

namespace MotorPick.Curation.Rendering;

/// <summary>
/// A saved tomogram heatmap (probabilities on the aggregation grid, Z x Y x X), for review panels. Not a
/// <see cref="MotorPick.Volumes.Volume{T}"/>: the file does not record the grid's spacing, and panels map slices by proportion.
/// </summary>
public sealed class Heatmap(float[] values, int z, int y, int x)
{
    public int Z { get; } = z;
    public int Y { get; } = y;
    public int X { get; } = x;

    public float this[int k, int j, int i] => values[((long)k * Y + j) * X + i];

    /// <summary>The heatmap slice for tomogram slice <paramref name="z"/>, resized bilinearly to the tomogram's slice size, in viridis.</summary>
    public RgbCanvas Panel(int z, int tomoZ, int height, int width)
    {
        var k = Math.Min((int)Math.Round((double)z * Z / tomoZ, MidpointRounding.ToEven), Z - 1);
        var panel = new RgbCanvas(width, height);
        for (var py = 0; py < height; py++)
        {
            var sy = Math.Clamp((py + 0.5) * Y / height - 0.5, 0, Y - 1);
            int y0 = (int)sy, y1 = Math.Min(y0 + 1, Y - 1);
            var wy = sy - y0;
            for (var px = 0; px < width; px++)
            {
                var sx = Math.Clamp((px + 0.5) * X / width - 0.5, 0, X - 1);
                int x0 = (int)sx, x1 = Math.Min(x0 + 1, X - 1);
                var wx = sx - x0;
                var v = (1 - wy) * ((1 - wx) * this[k, y0, x0] + wx * this[k, y0, x1]) + wy * ((1 - wx) * this[k, y1, x0] + wx * this[k, y1, x1]);
                panel.Set(px, py, Viridis.Map(v));
            }
        }
        return panel;
    }
}

/// <summary>Reads heatmaps saved by <c>motorpick predict --save-heatmaps</c>: .npy, float16 or float32, shape (Z, Y, X) or (1, Z, Y, X).</summary>
public static class HeatmapFile
{
    public static Heatmap? TryRead(string path) => File.Exists(path) ? Read(path) : null;

    public static Heatmap Read(string path)
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
        return new Heatmap(values, (int)shape[0], (int)shape[1], (int)shape[2]);
    }
}
