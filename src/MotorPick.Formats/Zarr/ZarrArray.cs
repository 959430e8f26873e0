using System.Buffers;
using System.Runtime.InteropServices;
using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Zarr;

/// <summary>
/// A 3-D zarr v2 array (extra leading dimensions of size 1 are allowed) read through an <see cref="IChunkStore"/>.
/// Regions are read by fetching and decoding only the chunks they touch, in parallel; missing chunks read as
/// fill_value; edge chunks are clipped. Thread-safe.
/// </summary>
public sealed class ZarrArray : IVolumeReader
{
    private readonly IChunkCodec _codec;
    private readonly int _leading;

    /// <summary>Wraps an array whose metadata is already known (no I/O).</summary>
    public ZarrArray(IChunkStore store, string arrayPath, ZarrArrayMetadata metadata, VoxelSize voxelSize = default)
    {
        Store = store;
        ArrayPath = arrayPath.Trim('/');
        Metadata = metadata;
        VoxelSize = voxelSize;
        var where = Store.Describe(Key(".zarray"));
        int nd = metadata.Shape.Length;
        if (nd < 3)
            throw new MotorPickException($"array has {nd} dimensions; a volume needs 3 (z, y, x)", where, field: "shape");
        _leading = nd - 3;
        for (int i = 0; i < _leading; i++)
            if (metadata.Shape[i] != 1)
                throw new MotorPickException($"array shape [{string.Join(", ", metadata.Shape)}] has a leading dimension larger than 1; only (z, y, x) volumes are read", where, field: "shape");
        if (metadata.Shape[^3..].Any(s => s > int.MaxValue))
            throw new MotorPickException($"array shape [{string.Join(", ", metadata.Shape)}] is too large", where, field: "shape");
        Shape = new VolumeShape((int)metadata.Shape[^3], (int)metadata.Shape[^2], (int)metadata.Shape[^1]);
        ChunkShape = new VolumeShape(metadata.Chunks[^3], metadata.Chunks[^2], metadata.Chunks[^1]);
        if (metadata.ChunkBytes > Array.MaxLength)
            throw new MotorPickException($"chunks of {string.Join("x", metadata.Chunks)} {metadata.VoxelType.NumpyName()} ({metadata.ChunkBytes} bytes) are too large", where, field: "chunks");
        _codec = ChunkCodecs.For(metadata.Compressor, where);
    }

    /// <summary>Opens the array stored under <paramref name="arrayPath"/> ("" for the root) of <paramref name="store"/>.</summary>
    public static async Task<ZarrArray> OpenAsync(IChunkStore store, string arrayPath = "", VoxelSize voxelSize = default, CancellationToken cancellationToken = default)
    {
        var meta = await ReadMetadataAsync(store, arrayPath, cancellationToken).ConfigureAwait(false);
        return new ZarrArray(store, arrayPath, meta, voxelSize);
    }

    /// <summary>Opens an array directory on disk (the folder holding .zarray).</summary>
    public static ZarrArray Open(string directory, VoxelSize voxelSize = default) =>
        OpenAsync(new FileSystemChunkStore(directory), "", voxelSize).GetAwaiter().GetResult();

    /// <summary>Reads and parses <c>{arrayPath}/.zarray</c>.</summary>
    public static async Task<ZarrArrayMetadata> ReadMetadataAsync(IChunkStore store, string arrayPath, CancellationToken cancellationToken = default)
    {
        var key = Join(arrayPath.Trim('/'), ".zarray");
        var bytes = await store.TryReadAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new MotorPickException("no .zarray: not a zarr array", store.Describe(key));
        return ZarrArrayMetadata.Parse(bytes, store.Describe(key));
    }

    public IChunkStore Store { get; }

    /// <summary>Path of the array inside the store ("" for the root, "0" for level 0 of an OME-Zarr image).</summary>
    public string ArrayPath { get; }

    public ZarrArrayMetadata Metadata { get; }

    public string Source => Store.Describe(ArrayPath);

    public VolumeShape Shape { get; }

    /// <summary>Chunk size along z, y, x.</summary>
    public VolumeShape ChunkShape { get; }

    /// <summary>Number of chunks along z, y, x.</summary>
    public VolumeShape ChunkGrid => new(Ceil(Shape.Z, ChunkShape.Z), Ceil(Shape.Y, ChunkShape.Y), Ceil(Shape.X, ChunkShape.X));

    public VoxelType VoxelType => Metadata.VoxelType;

    public VoxelSize VoxelSize { get; }

    /// <summary>Chunks decoded at once (default: processor count).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The store key of chunk (cz, cy, cx), with the array's dimension separator.</summary>
    public string ChunkKey(int cz, int cy, int cx)
    {
        var sep = Metadata.DimensionSeparator;
        var name = string.Concat(Enumerable.Repeat("0" + sep, _leading)) + $"{cz}{sep}{cy}{sep}{cx}";
        return Key(name);
    }

    /// <summary>Chunk coordinates (cz, cy, cx) of every chunk that <paramref name="region"/> touches.</summary>
    public List<(int Z, int Y, int X)> ChunksIn(VolumeRegion region)
    {
        var list = new List<(int, int, int)>();
        if (region.VoxelCount == 0) return list;
        var c = ChunkShape;
        for (int z = region.Z0 / c.Z; z <= (region.Z0 + region.Z - 1) / c.Z; z++)
            for (int y = region.Y0 / c.Y; y <= (region.Y0 + region.Y - 1) / c.Y; y++)
                for (int x = region.X0 / c.X; x <= (region.X0 + region.X - 1) / c.X; x++)
                    list.Add((z, y, x));
        return list;
    }

    /// <summary>Every chunk key of the array (what a downloader fetches).</summary>
    public IEnumerable<string> AllChunkKeys() => ChunksIn(VolumeRegion.All(Shape)).Select(c => ChunkKey(c.Z, c.Y, c.X));

    /// <summary>
    /// Decodes stored chunk bytes and checks them (compressor frame, decompressed size); throws a <see cref="MotorPickException"/>
    /// naming <paramref name="key"/> if they are corrupt. Used to verify downloads.
    /// </summary>
    public void VerifyChunk(ReadOnlySpan<byte> encoded, string key)
    {
        ChunkCodecs.CheckSize(_codec, encoded, Metadata.ChunkBytes, Store.Describe(key));
        var buffer = ArrayPool<byte>.Shared.Rent((int)Metadata.ChunkBytes);
        try
        {
            _codec.Decode(encoded, buffer.AsSpan(0, (int)Metadata.ChunkBytes), Store.Describe(key));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads <paramref name="region"/> into <paramref name="destination"/> (exactly region.VoxelCount elements, C order).
    /// <typeparamref name="T"/> is float (converted) or the CLR type of <see cref="VoxelType"/> (raw).
    /// </summary>
    public async Task ReadRegionAsync<T>(VolumeRegion region, Memory<T> destination, CancellationToken cancellationToken = default) where T : unmanaged
    {
        bool convert = typeof(T) == typeof(float) && VoxelType != VoxelType.Float32;
        if (!convert) VoxelType.RequireClrType<T>(Source);
        if (!region.IsInside(Shape))
            throw new ArgumentOutOfRangeException(nameof(region), $"region {region} is outside the array of shape {Shape} ({Source})");
        if (destination.Length != region.VoxelCount)
            throw new ArgumentException($"destination holds {destination.Length} voxels, region {region} has {region.VoxelCount}", nameof(destination));
        var chunks = ChunksIn(region);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxDegreeOfParallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(chunks, options, async (c, ct) =>
        {
            var key = ChunkKey(c.Z, c.Y, c.X);
            var (p0, p1) = PlanesOf(c, region);
            if (_codec is BloscCodec && p1 - p0 < ChunkShape.Z)
            {
                // a slab of a deeper chunk: fetch and decode only the blosc blocks holding its planes
                var planeBytes = (int)ChunkShape.SectionVoxels * VoxelType.Size();
                var length = (p1 - p0) * planeBytes;
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    var found = await BloscCodec.TryReadPartAsync(Store, key, Metadata.ChunkBytes, p0 * planeBytes, buffer.AsMemory(0, length), ct).ConfigureAwait(false);
                    if (!found) Fill(c, region, destination.Span);
                    else CopyDecoded(c, p0, buffer.AsSpan(0, length), region, destination.Span, convert);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                return;
            }
            var encoded = await Store.TryReadAsync(key, ct).ConfigureAwait(false);
            CopyChunk(c, key, encoded, region, destination.Span, convert);
        }).ConfigureAwait(false);
    }

    /// <summary>The planes [p0, p1) of chunk <paramref name="c"/> (in chunk coordinates) that <paramref name="region"/> covers.</summary>
    private (int P0, int P1) PlanesOf((int Z, int Y, int X) c, VolumeRegion region)
    {
        var (z0, z1, _, _, _, _) = Overlap(c, region);
        return (z0 - c.Z * ChunkShape.Z, z1 - c.Z * ChunkShape.Z);
    }

    /// <summary>Synchronous <see cref="ReadRegionAsync{T}"/> into a span.</summary>
    public unsafe void ReadRegion<T>(VolumeRegion region, Span<T> destination) where T : unmanaged
    {
        fixed (T* p = destination)
        {
            using var memory = new PointerMemory<T>(p, destination.Length);
            ReadRegionAsync(region, memory.Memory).GetAwaiter().GetResult();
        }
    }

    /// <summary>Reads a region into a new array.</summary>
    public T[] ReadRegion<T>(VolumeRegion region) where T : unmanaged
    {
        if (region.VoxelCount > Array.MaxLength) throw new MotorPickException($"region {region} does not fit in one array", Source);
        var data = GC.AllocateUninitializedArray<T>((int)region.VoxelCount);
        ReadRegion<T>(region, data);
        return data;
    }

    public void ReadSlab<T>(int z0, int zCount, Span<T> destination) where T : unmanaged
    {
        if (z0 < 0 || zCount < 0 || z0 > Shape.Z - zCount)
            throw new ArgumentOutOfRangeException(nameof(z0), $"sections {z0}..{z0 + zCount} are outside 0..{Shape.Z} of {Source}");
        ReadRegion(VolumeRegion.Sections(Shape, z0, zCount), destination);
    }

    public void Dispose()
    {
    }

    private void CopyChunk<T>((int Z, int Y, int X) c, string key, byte[]? encoded, VolumeRegion r, Span<T> dst, bool convert) where T : unmanaged
    {
        if (encoded is null)
        {
            Fill(c, r, dst);
            return;
        }
        int chunkBytes = (int)Metadata.ChunkBytes;
        ChunkCodecs.CheckSize(_codec, encoded, chunkBytes, Store.Describe(key));
        var buffer = ArrayPool<byte>.Shared.Rent(chunkBytes);
        try
        {
            _codec.Decode(encoded, buffer.AsSpan(0, chunkBytes), Store.Describe(key));
            CopyDecoded(c, 0, buffer.AsSpan(0, chunkBytes), r, dst, convert);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A missing chunk: its part of the region reads as fill_value.</summary>
    private void Fill<T>((int Z, int Y, int X) c, VolumeRegion r, Span<T> dst) where T : unmanaged
    {
        var (z0, z1, y0, y1, x0, x1) = Overlap(c, r);
        T fill = FillAs<T>(Metadata.FillValue, VoxelType);
        for (int z = z0; z < z1; z++)
            for (int y = y0; y < y1; y++)
                dst.Slice(DestIndex(r, z, y, x0), x1 - x0).Fill(fill);
    }

    /// <summary>Copies (or converts) the region's part of chunk <paramref name="c"/> from <paramref name="decoded"/>, which holds
    /// the chunk's planes from <paramref name="firstPlane"/> on.</summary>
    private void CopyDecoded<T>((int Z, int Y, int X) c, int firstPlane, Span<byte> decoded, VolumeRegion r, Span<T> dst, bool convert) where T : unmanaged
    {
        var cs = ChunkShape;
        var (z0, z1, y0, y1, x0, x1) = Overlap(c, r);
        int width = x1 - x0;
        if (Metadata.BigEndian) VoxelConvert.SwapBytes(VoxelType, decoded);
        int item = VoxelType.Size();
        for (int z = z0; z < z1; z++)
        {
            for (int y = y0; y < y1; y++)
            {
                long src = (((long)(z - c.Z * cs.Z - firstPlane) * cs.Y + (y - c.Y * cs.Y)) * cs.X + (x0 - c.X * cs.X)) * item;
                var row = decoded.Slice((int)src, width * item);
                var target = dst.Slice(DestIndex(r, z, y, x0), width);
                if (convert) VoxelConvert.ToFloat32(VoxelType, row, MemoryMarshal.Cast<T, float>(target));
                else MemoryMarshal.Cast<byte, T>(row).CopyTo(target);
            }
        }
    }

    /// <summary>Intersection of chunk <paramref name="c"/> with the region, in array coordinates.</summary>
    private (int Z0, int Z1, int Y0, int Y1, int X0, int X1) Overlap((int Z, int Y, int X) c, VolumeRegion r)
    {
        var cs = ChunkShape;
        return (Math.Max(r.Z0, c.Z * cs.Z), Math.Min(r.Z0 + r.Z, (c.Z + 1) * cs.Z),
            Math.Max(r.Y0, c.Y * cs.Y), Math.Min(r.Y0 + r.Y, (c.Y + 1) * cs.Y),
            Math.Max(r.X0, c.X * cs.X), Math.Min(r.X0 + r.X, (c.X + 1) * cs.X));
    }

    private static int DestIndex(VolumeRegion r, int z, int y, int x) => (int)((((long)(z - r.Z0) * r.Y) + (y - r.Y0)) * r.X + (x - r.X0));

    private static T FillAs<T>(double fill, VoxelType type) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return (T)(object)(float)fill;
        object v = type switch
        {
            VoxelType.Int8 => (sbyte)fill,
            VoxelType.UInt8 => (byte)fill,
            VoxelType.Int16 => (short)fill,
            VoxelType.UInt16 => (ushort)fill,
            VoxelType.Float16 => (Half)fill,
            VoxelType.Float64 => fill,
            _ => (float)fill,
        };
        return (T)v;
    }

    private string Key(string name) => Join(ArrayPath, name);

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "/" + name;

    private static int Ceil(int a, int b) => (a + b - 1) / b;
}
