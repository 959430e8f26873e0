using System.Buffers;
using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Jpeg;

/// <summary>
/// A validated JPEG slice stack (<see cref="JpegSliceNames"/>) of 8-bit grayscale slices, all the size of
/// slice 0. Decodes in parallel straight into one contiguous ZYX uint8 buffer owned by the caller
/// (<see cref="Read"/>), or z-slabs as any <see cref="IVolumeReader"/> (uint8 or float32).
/// </summary>
public sealed class JpegSliceStack : IVolumeReader
{
    private JpegSliceStack(string directory, IReadOnlyList<string> slicePaths, int height, int width, IJpegCodec codec, VoxelSize voxelSize)
    {
        VoxelSize = voxelSize;
        Directory = directory;
        SlicePaths = slicePaths;
        Height = height;
        Width = width;
        Codec = codec;
    }

    /// <summary>The stack's directory (the last path part is the tomogram id in the competition layout).</summary>
    public string Directory { get; }

    /// <summary>Slice files in z order.</summary>
    public IReadOnlyList<string> SlicePaths { get; }

    public int Depth => SlicePaths.Count;
    public int Height { get; }
    public int Width { get; }

    /// <summary>Bytes of one slice (Height x Width).</summary>
    public long SliceBytes => (long)Height * Width;

    public IJpegCodec Codec { get; }

    /// <summary>Parallelism of slab reads (-1: all cores).</summary>
    public int MaxDegreeOfParallelism { get; set; } = -1;

    string IVolumeReader.Source => Directory;

    public VolumeShape Shape => new(Depth, Height, Width);

    public VoxelType VoxelType => VoxelType.UInt8;

    /// <summary>JPEG stacks carry no voxel size: the one given to <see cref="Open"/> (from a label table), else unknown.</summary>
    public VoxelSize VoxelSize { get; }

    /// <summary>Checks the names and reads the header of slice 0 (which fixes the expected slice size).
    /// The other slices are checked when they are decoded.</summary>
    public static JpegSliceStack Open(string directory, IJpegCodec? codec = null, VoxelSize voxelSize = default)
    {
        codec ??= JpegCodecs.Default;
        var paths = JpegSliceNames.List(directory);
        using var file = new SliceFile();
        var first = file.Read(paths[0]);
        var header = codec.ReadHeader(first, paths[0]);
        if (header.Components != 1)
            throw new MotorPickException($"expected an 8-bit grayscale JPEG, found {header.Components} components", paths[0]);
        // Refuse a header whose size the file cannot hold before anyone allocates the stack: a Huffman-coded JPEG spends at
        // least one bit on every 8x8 block, so a few hundred bytes cannot be a 50000x50000 slice.
        long blocks = ((header.Width + 7L) / 8) * ((header.Height + 7L) / 8);
        if (blocks > 8L * first.Length)
            throw new MotorPickException($"the header claims {header.Width}x{header.Height} pixels ({blocks} 8x8 blocks) but the file has only {first.Length} bytes, fewer than one bit per block (corrupt header)", paths[0]);
        return new JpegSliceStack(directory, paths, header.Height, header.Width, codec, voxelSize);
    }

    /// <summary>Decodes the whole stack into a new ZYX array (Depth*Height*Width must fit one array).</summary>
    public byte[] ReadAll(int maxDegreeOfParallelism = -1)
    {
        var total = Depth * SliceBytes;
        if (total > Array.MaxLength)
            throw new MotorPickException($"stack of {Depth}x{Height}x{Width} voxels is larger than one array can hold; read it in slabs", Directory);
        var volume = GC.AllocateUninitializedArray<byte>((int)total);
        Read(0, Depth, volume, 0, maxDegreeOfParallelism);
        return volume;
    }

    /// <summary>Decodes slices <paramref name="z0"/> .. z0+count-1 in parallel into
    /// <paramref name="destination"/> starting at <paramref name="offset"/> (count*Height*Width bytes).</summary>
    public void Read(int z0, int count, byte[] destination, long offset = 0, int maxDegreeOfParallelism = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(z0);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (z0 + count > Depth) throw new ArgumentOutOfRangeException(nameof(count), $"slices {z0}..{z0 + count - 1} are outside 0..{Depth - 1}");
        if (offset < 0 || offset + count * SliceBytes > destination.LongLength)
            throw new ArgumentException($"destination is too small for {count} slices of {Height}x{Width}", nameof(destination));
        using var files = new ThreadLocal<SliceFile>(() => new SliceFile(), trackAllValues: true);
        try
        {
            ParallelSlices.For(count, maxDegreeOfParallelism, i =>
            {
                var path = SlicePaths[z0 + i];
                Codec.DecodeGray(files.Value!.Read(path), destination, offset + i * SliceBytes, Width, Height, path);
            });
        }
        finally
        {
            foreach (var f in files.Values) f.Dispose();
        }
    }

    /// <summary>Decodes z sections into <paramref name="destination"/> as uint8 (T = byte) or float32 (T = float).</summary>
    public unsafe void ReadSlab<T>(int z0, int zCount, Span<T> destination) where T : unmanaged
    {
        if (typeof(T) != typeof(byte) && typeof(T) != typeof(float)) VoxelType.RequireClrType<T>(Directory);
        ArgumentOutOfRangeException.ThrowIfNegative(z0);
        if (zCount < 0 || z0 + zCount > Depth) throw new ArgumentOutOfRangeException(nameof(zCount), $"slices {z0}..{z0 + zCount - 1} are outside 0..{Depth - 1}");
        var slice = (int)SliceBytes;
        if (destination.Length < zCount * SliceBytes) throw new ArgumentException("destination too small", nameof(destination));
        // Each worker decodes a slice into its own pooled buffer and copies or converts it into its place in the span at once,
        // so no serial copy follows the parallel decode (spans cannot enter lambdas: the pinned address does).
        fixed (T* pinned = destination)
        {
            var address = (nint)pinned;
            using var buffers = new ThreadLocal<byte[]>(() => ArrayPool<byte>.Shared.Rent(slice), trackAllValues: true);
            using var files = new ThreadLocal<SliceFile>(() => new SliceFile(), trackAllValues: true);
            try
            {
                ParallelSlices.For(zCount, MaxDegreeOfParallelism, i =>
                {
                    var buf = buffers.Value!;
                    var path = SlicePaths[z0 + i];
                    Codec.DecodeGray(files.Value!.Read(path), buf, 0, Width, Height, path);
                    var src = buf.AsSpan(0, slice);
                    if (typeof(T) == typeof(byte)) src.CopyTo(new Span<byte>((byte*)address + (long)i * slice, slice));
                    else VoxelConvert.ToFloat32(src, new Span<float>((float*)address + (long)i * slice, slice));
                });
            }
            finally
            {
                foreach (var b in buffers.Values) ArrayPool<byte>.Shared.Return(b);
                foreach (var f in files.Values) f.Dispose();
            }
        }
    }

    public void Dispose() { }
}
