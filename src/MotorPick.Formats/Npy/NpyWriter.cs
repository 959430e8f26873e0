using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Access;


namespace MotorPick.Formats.Npy;

/// <summary>
/// Streaming .npy writer (format 1.0, C order, little-endian; int8, uint8, int16, uint16, float16, float32, float64),
/// as numpy.save writes it. Slabs of whole z sections are appended; the file appears on <see cref="SlabFileWriter.Complete"/>.
/// </summary>
public sealed class NpyWriter : SlabFileWriter
{
    private readonly byte[] _header;

    public NpyWriter(string path, VolumeShape shape, VoxelType type)
        : this(path, shape, type, NpyHeader.Build(type, shape))
    {
    }

    private NpyWriter(string path, VolumeShape shape, VoxelType type, byte[] header)
        : base(path, shape, type, header.Length)
    {
        _header = header;
    }

    /// <summary>Writes a whole array held in memory.</summary>
    public static void Write<T>(string path, ReadOnlySpan<T> voxels, VolumeShape shape) where T : unmanaged
    {
        var type = VoxelTypes.Of<T>() ?? throw new ArgumentException($"{typeof(T).Name} is not a voxel type");
        if (voxels.Length != shape.VoxelCount)
            throw new ArgumentException($"{voxels.Length} voxels given for shape {shape} ({shape.VoxelCount})", nameof(voxels));
        using var writer = new NpyWriter(path, shape, type);
        writer.WriteSlab(voxels);
        writer.Complete();
    }

    protected override byte[] BuildHeader() => _header;
}
