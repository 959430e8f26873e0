using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Npy;

/// <summary>
/// Reads .npy files (v1/v2/v3 headers) holding a 3-D (or 2-D) C-order array of a voxel type, by z slabs.
/// The file size is checked against the header before any data is read. Thread-safe for concurrent reads.
/// </summary>
public sealed class NpyReader : IVolumeReader
{
    private readonly RawVolumeFile _file;

    private NpyReader(RawVolumeFile file, NpyHeader header, VoxelSize voxelSize)
    {
        _file = file;
        Header = header;
        VoxelSize = voxelSize;
    }

    /// <summary>Opens a .npy file. .npy stores no voxel size; pass it if known.</summary>
    public static NpyReader Open(string path, VoxelSize voxelSize = default)
    {
        var handle = RawVolumeFile.OpenHandle(path, "NPY");
        try
        {
            long length = RandomAccess.GetLength(handle);
            var header = NpyHeader.Read(handle, path);
            var shape = header.VolumeShape(path);
            // Int128: three int dimensions times the item size can overflow long, and a wrapped size would match a short file.
            Int128 expected = header.DataOffset + (Int128)shape.Z * shape.Y * shape.X * header.VoxelType.Size();
            if (length < expected)
                throw new MotorPickException($"truncated file: the header describes {shape} {header.VoxelType.NumpyName()} voxels ({expected} bytes with the header) but the file has {length} bytes", path);
            if (length > expected)
                throw new MotorPickException($"the file has {length} bytes, {length - expected} more than its header describes ({expected})", path);
            return new NpyReader(new RawVolumeFile(path, handle, shape, header.VoxelType, header.DataOffset, header.BigEndian), header, voxelSize);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads a whole .npy volume converted to float32.</summary>
    public static float[] ReadFloat32(string path)
    {
        using var reader = Open(path);
        return reader.ReadAllFloat32();
    }

    /// <summary>The parsed header.</summary>
    public NpyHeader Header { get; }

    public string Source => _file.Path;

    public VolumeShape Shape => _file.Shape;

    public VoxelType VoxelType => _file.Type;

    public VoxelSize VoxelSize { get; }

    public void ReadSlab<T>(int z0, int zCount, Span<T> destination) where T : unmanaged => _file.ReadSlab(z0, zCount, destination);

    public void Dispose() => _file.Dispose();
}
