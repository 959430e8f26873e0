using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Volumes;

/// <summary>
/// A ZYX volume of voxels that it owns, with its voxel size: a training tomogram, a patch, a heatmap target, a re-spaced
/// tomogram for predict, a saved heatmap. The voxels are held either in one array (<see cref="Data"/>, the usual case) or
/// as one array per z plane (<see cref="FromPlanes"/>). One array holds at most <see cref="Array.MaxLength"/> elements:
/// enough for the largest competition tomogram as uint8 (500x1912x1847 = 1.77e9) but not as float32, which is why
/// processing streams z-slabs (<see cref="Streaming.VolumePipeline"/>) rather than materialising float volumes; predict
/// keeps its re-spaced uint8 tomograms as planes so that any size fits, and the volume cache stores those planes as they are.
/// </summary>
public sealed class Volume<T> where T : unmanaged
{
    private readonly T[]? _data;
    private readonly T[][]? _planes;

    public Volume(VolumeShape shape, VoxelSize voxelSize, T[] data)
    {
        RequireShape(shape);
        if (data.LongLength != shape.VoxelCount)
            throw new ArgumentException($"data holds {data.LongLength} values, shape {shape} needs {shape.VoxelCount}", nameof(data));
        Shape = shape;
        VoxelSize = voxelSize;
        _data = data;
    }

    private Volume(VolumeShape shape, VoxelSize voxelSize, T[][] planes)
    {
        RequireShape(shape);
        if (planes.Length != shape.Z || planes.Any(p => p.LongLength != shape.SectionVoxels))
            throw new ArgumentException($"planes do not match shape {shape}", nameof(planes));
        Shape = shape;
        VoxelSize = voxelSize;
        _planes = planes;
    }

    /// <summary>A volume held as one array per z plane (Y·X voxels each, x fastest), so that it may exceed
    /// <see cref="Array.MaxLength"/> voxels; it has no <see cref="Data"/>.</summary>
    public static Volume<T> FromPlanes(VolumeShape shape, VoxelSize voxelSize, T[][] planes) => new(shape, voxelSize, planes);

    /// <summary>A zero-filled volume; throws <see cref="MotorPickException"/> when it cannot fit one array.</summary>
    public static Volume<T> Allocate(VolumeShape shape, VoxelSize voxelSize) => new(shape, voxelSize, AllocateArray(shape, zeroed: true));

    /// <summary>An array for <paramref name="shape"/> (uninitialised unless <paramref name="zeroed"/>).</summary>
    public static T[] AllocateArray(VolumeShape shape, bool zeroed = false)
    {
        if (shape.VoxelCount > Array.MaxLength)
            throw new MotorPickException($"a {shape} volume of {typeof(T).Name} ({shape.VoxelCount:N0} voxels) does not fit one array; process it in z-slabs");
        return zeroed ? new T[shape.VoxelCount] : GC.AllocateUninitializedArray<T>((int)shape.VoxelCount);
    }

    public VolumeShape Shape { get; }

    /// <summary>Voxel size in A (<see cref="VoxelSize.Unknown"/> when not known).</summary>
    public VoxelSize VoxelSize { get; }

    /// <summary>True when the voxels are one array (<see cref="Data"/>); false for a volume made <see cref="FromPlanes"/>.</summary>
    public bool IsOneArray => _data is not null;

    /// <summary>The voxels, index <c>(z*Y + y)*X + x</c>; only for a volume held in one array (<see cref="IsOneArray"/>).</summary>
    public T[] Data => _data ?? throw new InvalidOperationException($"this {Shape} volume is held as one array per plane; read it through Plane(z)");

    /// <summary>The per-plane arrays (what the volume cache stores); only for a volume made <see cref="FromPlanes"/>.</summary>
    public T[][] Planes => _planes ?? throw new InvalidOperationException($"this {Shape} volume is held in one array; read it through Data or Plane(z)");

    public ref T this[int z, int y, int x] => ref _data is { } data
        ? ref data[((long)z * Shape.Y + y) * Shape.X + x]
        : ref _planes![z][(long)y * Shape.X + x];

    /// <summary>The position of voxel (z, y, x) in <see cref="Data"/>.</summary>
    public int Index(int z, int y, int x) => (int)(((long)z * Shape.Y + y) * Shape.X + x);

    /// <summary>The voxels of plane <paramref name="z"/>.</summary>
    public Span<T> Plane(int z) => _data is { } data
        ? data.AsSpan((int)(z * Shape.SectionVoxels), (int)Shape.SectionVoxels)
        : _planes![z];

    /// <summary>The same voxels with another voxel size.</summary>
    public Volume<T> WithVoxelSize(VoxelSize voxelSize) => _data is { } data ? new(Shape, voxelSize, data) : new(Shape, voxelSize, _planes!);

    /// <summary>A copy that shares no storage with this volume.</summary>
    public Volume<T> Clone() => _data is { } data
        ? new(Shape, VoxelSize, (T[])data.Clone())
        : new(Shape, VoxelSize, _planes!.Select(p => (T[])p.Clone()).ToArray());

    /// <summary>Copies <paramref name="window"/> into <paramref name="patch"/> (window size, C order); voxels outside the volume are 0.</summary>
    public void Crop(PatchWindow window, Span<T> patch)
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
            var plane = Plane(z);
            for (var dy = 0; dy < size.Y; dy++)
            {
                var row = planeOut.Slice(dy * size.X, size.X);
                var y = window.Y + dy;
                if (y < y0 || y >= y1) { row.Clear(); continue; }
                var before = x0 - window.X;
                row[..before].Clear();
                plane.Slice((int)((long)y * Shape.X + x0), x1 - x0).CopyTo(row.Slice(before, x1 - x0));
                row[(before + x1 - x0)..].Clear();
            }
        }
    }

    /// <summary>Python <c>str(list)</c> of the shape: <c>[300, 959, 928]</c>.</summary>
    public static string ShapeList(VolumeShape shape) => $"[{shape.Z}, {shape.Y}, {shape.X}]";

    private static void RequireShape(VolumeShape shape)
    {
        if (shape.Z < 0 || shape.Y < 0 || shape.X < 0) throw new ArgumentOutOfRangeException(nameof(shape), shape, "negative size");
    }
}
