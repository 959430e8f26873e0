using System.Buffers;
using Microsoft.Win32.SafeHandles;
using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Access;

/// <summary>
/// A volume stored as one contiguous C-order block of voxels at a byte offset of a file (MRC and NPY):
/// z slabs are read with parallel positional reads straight into the caller's memory, byte-swapped when the file is
/// big-endian, or converted to float32 through pooled buffers.
/// </summary>
internal sealed class RawVolumeFile : IDisposable
{
    // Bytes per positional read: large enough for disk speed, small enough to convert while it is in cache.
    private const int ChunkBytes = 8 << 20;

    private readonly SafeFileHandle _handle;

    public RawVolumeFile(string path, SafeFileHandle handle, VolumeShape shape, VoxelType type, long dataOffset, bool bigEndian)
    {
        Path = path;
        _handle = handle;
        Shape = shape;
        Type = type;
        DataOffset = dataOffset;
        BigEndian = bigEndian;
    }

    public string Path { get; }
    public VolumeShape Shape { get; }
    public VoxelType Type { get; }
    public long DataOffset { get; }
    public bool BigEndian { get; }

    /// <summary>Opens a file for positional reads, turning OS errors into <see cref="MotorPickException"/>.</summary>
    public static SafeFileHandle OpenHandle(string path, string what)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MotorPickException($"cannot open {what} file: {ex.Message}", path, inner: ex);
        }
    }

    /// <summary>Reads exactly <paramref name="bytes"/>.Length bytes at <paramref name="offset"/>.</summary>
    public static void ReadExactly(SafeFileHandle handle, string path, long offset, Span<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int got = RandomAccess.Read(handle, bytes, offset);
            if (got <= 0)
                throw new MotorPickException($"unexpected end of file at byte {offset}", path);
            bytes = bytes[got..];
            offset += got;
        }
    }

    public void ReadSlab<T>(int z0, int zCount, Span<T> destination) where T : unmanaged
    {
        bool convert = typeof(T) == typeof(float) && Type != VoxelType.Float32;
        if (!convert) Type.RequireClrType<T>(Path);
        if (z0 < 0 || zCount < 0 || z0 > Shape.Z - zCount)
            throw new ArgumentOutOfRangeException(nameof(z0), $"sections {z0}..{z0 + zCount} are outside 0..{Shape.Z} of {Path}");
        long count = zCount * Shape.SectionVoxels;
        if (destination.Length != count)
            throw new ArgumentException($"destination holds {destination.Length} voxels, expected {count} ({zCount} sections of {Shape.Y}x{Shape.X})", nameof(destination));
        if (count == 0) return;

        int itemSize = Type.Size();
        long start = DataOffset + z0 * Shape.SectionVoxels * itemSize;
        int perChunk = ChunkBytes / itemSize;
        int chunks = (int)((count + perChunk - 1) / perChunk);
        bool swap = BigEndian && itemSize > 1;
        unsafe
        {
            fixed (T* p = destination)
            {
                var basePtr = (IntPtr)p;
                void ReadChunk(int c)
                {
                    long first = (long)c * perChunk;
                    int n = (int)Math.Min(perChunk, count - first);
                    long offset = start + first * itemSize;
                    if (!convert)
                    {
                        var bytes = new Span<byte>((byte*)basePtr + first * itemSize, n * itemSize);
                        ReadExactly(_handle, Path, offset, bytes);
                        if (swap) VoxelConvert.SwapBytes(Type, bytes);
                        return;
                    }
                    var buffer = ArrayPool<byte>.Shared.Rent(n * itemSize);
                    try
                    {
                        var bytes = buffer.AsSpan(0, n * itemSize);
                        ReadExactly(_handle, Path, offset, bytes);
                        if (swap) VoxelConvert.SwapBytes(Type, bytes);
                        VoxelConvert.ToFloat32(Type, bytes, new Span<float>((float*)basePtr + first, n));
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }

                ParallelWork.For(chunks, Math.Min(4, Environment.ProcessorCount), ReadChunk);
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
