using System.Runtime.InteropServices;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Volumes.Streaming;

/// <summary>An in-memory <see cref="Volume{T}"/> (uint8 or float32) read through <see cref="IVolumeReader"/>.</summary>
public sealed class InMemoryVolumeReader<T> : IVolumeReader where T : unmanaged
{
    private readonly Volume<T> _volume;

    public InMemoryVolumeReader(Volume<T> volume, string source = "memory")
    {
        VoxelType = VoxelTypes.Of<T>() ?? throw new NotSupportedException($"no voxel type for {typeof(T).Name}");
        _volume = volume;
        Source = source;
    }

    public string Source { get; }
    public VolumeShape Shape => _volume.Shape;
    public VoxelType VoxelType { get; }
    public VoxelSize VoxelSize => _volume.VoxelSize;

    public void ReadSlab<TOut>(int z0, int zCount, Span<TOut> destination) where TOut : unmanaged
    {
        if (_volume.IsOneArray)
        {
            Convert(_volume.Data.AsSpan((int)(z0 * Shape.SectionVoxels), (int)(zCount * Shape.SectionVoxels)), destination);
            return;
        }
        var section = (int)Shape.SectionVoxels;
        for (var k = 0; k < zCount; k++) Convert<TOut>(_volume.Plane(z0 + k), destination.Slice(k * section, section));
    }

    private void Convert<TOut>(ReadOnlySpan<T> src, Span<TOut> destination) where TOut : unmanaged
    {
        if (typeof(TOut) == typeof(T)) MemoryMarshal.Cast<T, TOut>(src).CopyTo(destination);
        else if (typeof(TOut) == typeof(float)) VoxelConvert.ToFloat32(VoxelType, MemoryMarshal.AsBytes(src), MemoryMarshal.Cast<TOut, float>(destination));
        else VoxelType.RequireClrType<TOut>(Source);
    }

    public void Dispose() { }
}

/// <summary>An <see cref="IVolumeWriter"/> that collects the slabs into a <see cref="Volume{T}"/> (uint8 or float32), held in
/// one array, or with <c>asPlanes</c> as one array per z plane (<see cref="Volume{T}.FromPlanes"/>) so that any size fits.</summary>
public sealed class InMemoryVolumeWriter<T> : IVolumeWriter where T : unmanaged
{
    private readonly T[]? _data;
    private readonly T[][]? _planes;
    private readonly VoxelSize _voxelSize;

    public InMemoryVolumeWriter(VolumeShape shape, VoxelSize voxelSize, bool asPlanes = false)
    {
        VoxelType = VoxelTypes.Of<T>() ?? throw new NotSupportedException($"no voxel type for {typeof(T).Name}");
        Shape = shape;
        _voxelSize = voxelSize;
        if (asPlanes) _planes = new T[shape.Z][];
        else _data = Volume<T>.AllocateArray(shape);
    }

    public string Path => "memory";
    public VolumeShape Shape { get; }
    public VoxelType VoxelType { get; }
    public int SectionsWritten { get; private set; }

    /// <summary>The result, available after <see cref="Complete"/>.</summary>
    public Volume<T>? Result { get; private set; }

    public void WriteSlab<TIn>(ReadOnlySpan<TIn> voxels) where TIn : unmanaged
    {
        VoxelType.RequireClrType<TIn>(Path);
        var values = MemoryMarshal.Cast<TIn, T>(voxels);
        var section = (int)Shape.SectionVoxels;
        if (values.Length % section != 0 || SectionsWritten + values.Length / section > Shape.Z)
            throw new ArgumentException($"{values.Length} voxels are not whole sections of {Shape} left to write", nameof(voxels));
        if (_data is not null)
        {
            values.CopyTo(_data.AsSpan((int)(SectionsWritten * Shape.SectionVoxels)));
            SectionsWritten += values.Length / section;
            return;
        }
        for (var i = 0; i < values.Length; i += section) _planes![SectionsWritten++] = values.Slice(i, section).ToArray();
    }

    public void Complete()
    {
        if (Result is not null) return;
        if (SectionsWritten != Shape.Z) throw new InvalidOperationException($"{SectionsWritten} of {Shape.Z} sections written");
        Result = _data is not null ? new Volume<T>(Shape, _voxelSize, _data) : Volume<T>.FromPlanes(Shape, _voxelSize, _planes!);
    }

    public void Dispose() { }
}
