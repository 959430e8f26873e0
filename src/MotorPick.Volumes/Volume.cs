using MotorPick.Core;
using MotorPick.Formats.Geometry;

namespace MotorPick.Volumes;

/// <summary>
/// A ZYX volume held in one managed array that it owns, with its voxel size. One array holds at most
/// <see cref="Array.MaxLength"/> elements: enough for the largest competition tomogram as uint8
/// (500x1912x1847 = 1.77e9) but not as float32, which is why processing streams z-slabs
/// (<see cref="Streaming.VolumePipeline"/>) rather than materialising float volumes.
/// </summary>
public sealed class Volume<T> where T : unmanaged
{
    public Volume(VolumeShape shape, VoxelSize voxelSize, T[] data)
    {
        if (shape.Z < 0 || shape.Y < 0 || shape.X < 0) throw new ArgumentOutOfRangeException(nameof(shape), shape, "negative size");
        if (data.LongLength != shape.VoxelCount)
            throw new ArgumentException($"data holds {data.LongLength} values, shape {shape} needs {shape.VoxelCount}", nameof(data));
        Shape = shape;
        VoxelSize = voxelSize;
        Data = data;
    }

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

    /// <summary>The voxels, index <c>(z*Y + y)*X + x</c>.</summary>
    public T[] Data { get; }

    public T this[int z, int y, int x]
    {
        get => Data[((long)z * Shape.Y + y) * Shape.X + x];
        set => Data[((long)z * Shape.Y + y) * Shape.X + x] = value;
    }

    /// <summary>The voxels of plane <paramref name="z"/>.</summary>
    public Span<T> Plane(int z) => Data.AsSpan((int)(z * Shape.SectionVoxels), (int)Shape.SectionVoxels);

    /// <summary>Planes <paramref name="z0"/>..z0+count-1.</summary>
    public Memory<T> Planes(int z0, int count) => Data.AsMemory((int)(z0 * Shape.SectionVoxels), (int)(count * Shape.SectionVoxels));

    /// <summary>The same voxels with another voxel size.</summary>
    public Volume<T> WithVoxelSize(VoxelSize voxelSize) => new(Shape, voxelSize, Data);

    /// <summary>Python <c>str(list)</c> of the shape: <c>[300, 959, 928]</c>.</summary>
    public static string ShapeList(VolumeShape shape) => $"[{shape.Z}, {shape.Y}, {shape.X}]";
}
