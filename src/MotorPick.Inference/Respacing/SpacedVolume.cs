using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Inference.Respacing;

/// <summary>
/// A re-spaced uint8 tomogram held as one array per z plane, so that any size fits (the largest competition
/// tomogram re-spaced from 13.1 A to 16 A is ~1 GB, and <see cref="MotorPick.Volumes.Volume{T}"/> keeps one array, capped at
/// <see cref="Array.MaxLength"/>; the volume cache stores these planes as they are). Windows are cut from it with zero padding.
/// </summary>
public sealed class SpacedVolume
{
    public SpacedVolume(VolumeShape shape, byte[][] planes, double spacing)
    {
        if (planes.Length != shape.Z || planes.Any(p => p.LongLength != shape.SectionVoxels))
            throw new ArgumentException($"planes do not match shape {shape}", nameof(planes));
        Shape = shape;
        Planes = planes;
        Spacing = spacing;
    }

    public VolumeShape Shape { get; }

    /// <summary>Plane z holds Y*X voxels, x fastest.</summary>
    public byte[][] Planes { get; }

    /// <summary>Voxel spacing in A.</summary>
    public double Spacing { get; }

    /// <summary>Copies <paramref name="window"/> into <paramref name="patch"/> (window size, C order); voxels outside the volume are 0.</summary>
    public void Crop(PatchWindow window, Span<byte> patch)
    {
        var size = window.Size;
        if (patch.Length != size.VoxelCount) throw new ArgumentException($"patch buffer of {patch.Length} for window {size}");
        int y0 = Math.Max(window.Y, 0), y1 = Math.Min(window.Y + size.Y, Shape.Y);
        int x0 = Math.Max(window.X, 0), x1 = Math.Min(window.X + size.X, Shape.X);
        for (var dz = 0; dz < size.Z; dz++)
        {
            var planeOut = patch.Slice((int)((long)dz * size.Y * size.X), size.Y * size.X);
            var z = window.Z + dz;
            if (z < 0 || z >= Shape.Z || y0 >= y1 || x0 >= x1) { planeOut.Clear(); continue; }
            var plane = Planes[z];
            for (var dy = 0; dy < size.Y; dy++)
            {
                var row = planeOut.Slice(dy * size.X, size.X);
                var y = window.Y + dy;
                if (y < y0 || y >= y1) { row.Clear(); continue; }
                var before = x0 - window.X;
                row[..before].Clear();
                plane.AsSpan((int)((long)y * Shape.X + x0), x1 - x0).CopyTo(row.Slice(before, x1 - x0));
                row[(before + x1 - x0)..].Clear();
            }
        }
    }
}
