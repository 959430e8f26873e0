using System.Text;
using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Zarr;

/// <summary>Options of <see cref="OmeZarrWriter"/>.</summary>
public sealed record OmeZarrWriteOptions
{
    /// <summary>Number of resolution levels (level i+1 is the 2x2x2 mean of level i). Default 3, as the portal.</summary>
    public int Levels { get; init; } = 3;

    /// <summary>Chunk edge length (cubic chunks). Default 256, as the portal. Memory use is about 1.33 x ChunkSize x Y x X x 4 bytes.</summary>
    public int ChunkSize { get; init; } = 256;

    /// <summary>multiscales "name". Default "/", as the portal.</summary>
    public string Name { get; init; } = "/";

    /// <summary>Chunks compressed at once (default: processor count).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// Streaming OME-Zarr writer in the portal's layout (interfaces.md 1.10): NGFF 0.4 multiscales on zarr v2, float32,
/// "/" dimension separator, fill_value 0.0, blosc (lz4, clevel 5, byte shuffle) chunks, N levels of the 2x2x2 mean
/// pyramid (zero-padded at odd edges, as skimage block_reduce with cval 0). Sections arrive in z slabs; a chunk row is
/// compressed as soon as its sections are complete. The directory appears under its final name on <see cref="Complete"/>.
/// </summary>
public sealed class OmeZarrWriter : IVolumeWriter
{
    private const int Clevel = 5;
    private readonly OmeZarrWriteOptions _options;
    private readonly string _tempRoot;
    private readonly LevelState[] _levels;
    private readonly VoxelSize _voxelSize;
    private bool _completed;
    private bool _disposed;
    private long _bytesStored, _rawBytesStored; // compressed chunk bytes written, and the voxel bytes they hold

    public OmeZarrWriter(string path, VolumeShape shape, VoxelSize voxelSize, OmeZarrWriteOptions? options = null)
    {
        _options = options ?? new OmeZarrWriteOptions();
        if (!shape.IsPositive) throw new MotorPickException($"cannot write a volume of shape {shape}", path);
        if (_options.Levels < 1) throw new ArgumentException("at least one level is needed", nameof(options));
        if (_options.ChunkSize < 1) throw new ArgumentException("chunk size must be positive", nameof(options));
        Path = System.IO.Path.GetFullPath(path);
        Shape = shape;
        _voxelSize = voxelSize;
        _tempRoot = AtomicFile.TempPathFor(Path);
        Directory.CreateDirectory(_tempRoot);
        _levels = new LevelState[_options.Levels];
        var s = shape;
        for (int i = 0; i < _levels.Length; i++)
        {
            _levels[i] = new LevelState(i, s, Math.Min(_options.ChunkSize, s.Z), _options.ChunkSize);
            s = new VolumeShape((s.Z + 1) / 2, (s.Y + 1) / 2, (s.X + 1) / 2);
        }
    }

    /// <summary>Writes a whole volume held in memory.</summary>
    public static void Write(string path, ReadOnlySpan<float> voxels, VolumeShape shape, VoxelSize voxelSize, OmeZarrWriteOptions? options = null)
    {
        if (voxels.Length != shape.VoxelCount)
            throw new ArgumentException($"{voxels.Length} voxels given for shape {shape} ({shape.VoxelCount})", nameof(voxels));
        using var writer = new OmeZarrWriter(path, shape, voxelSize, options);
        writer.WriteSlab(voxels);
        writer.Complete();
    }

    public string Path { get; }

    public VolumeShape Shape { get; }

    public VoxelType VoxelType => VoxelType.Float32;

    public int SectionsWritten => _levels[0].Received;

    /// <summary>Shapes of the levels that will be written.</summary>
    public IReadOnlyList<VolumeShape> LevelShapes => _levels.Select(l => l.Shape).ToArray();

    public void WriteSlab<T>(ReadOnlySpan<T> voxels) where T : unmanaged
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException("the writer is already complete");
        VoxelType.Float32.RequireClrType<T>(Path);
        var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(voxels);
        long section = Shape.SectionVoxels;
        if (floats.Length % section != 0)
            throw new ArgumentException($"a slab must hold whole sections of {Shape.Y}x{Shape.X} voxels; got {floats.Length} voxels", nameof(voxels));
        int count = (int)(floats.Length / section);
        if (SectionsWritten + count > Shape.Z)
            throw new ArgumentException($"writing {count} more sections would exceed the {Shape.Z} sections of {Shape}", nameof(voxels));
        try
        {
            for (int i = 0; i < count; i++)
                AddSection(0, floats.Slice((int)(i * section), (int)section));
        }
        catch (Exception ex) when (ex is not DiskFullException && DiskSpace.IsDiskFull(ex))
        {
            throw Full(ex);
        }
    }

    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) return;
        if (SectionsWritten != Shape.Z)
            throw new InvalidOperationException($"only {SectionsWritten} of {Shape.Z} sections were written to {Path}");
        // An odd last section of a level is paired with a zero section (block_reduce's zero padding).
        try
        {
            for (int i = 0; i < _levels.Length - 1; i++)
            {
                if (_levels[i].Pending is { } pending)
                {
                    _levels[i].Pending = null;
                    AddSection(i + 1, Downsample(_levels[i].Shape, pending, null));
                }
            }
            foreach (var level in _levels)
            {
                if (level.Received != level.Shape.Z) throw new InvalidOperationException($"level {level.Index} received {level.Received} of {level.Shape.Z} sections");
                if (level.Filled > 0) FlushChunkRow(level);
            }
            WriteMetadata();
        }
        catch (Exception ex) when (ex is not DiskFullException && DiskSpace.IsDiskFull(ex))
        {
            throw Full(ex);
        }
        try
        {
            AtomicFile.PublishDirectory(_tempRoot, Path);
        }
        catch (IOException ex)
        {
            throw new MotorPickException($"cannot move the finished OME-Zarr into place: {ex.Message}", Path, inner: ex);
        }
        _completed = true;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_completed)
        {
            try { Directory.Delete(_tempRoot, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// A full disk: the staged store is removed (as on <see cref="Dispose"/>) and the message names the final path with the
    /// whole store's size, estimated from the compression so far (a rerun writes it all again).
    /// </summary>
    private DiskFullException Full(Exception ex)
    {
        long? estimate = null;
        var raw = Interlocked.Read(ref _rawBytesStored);
        if (raw > 0)
        {
            long total = _levels.Sum(l => l.Shape.VoxelCount * sizeof(float));
            estimate = (long)Math.Ceiling((double)Interlocked.Read(ref _bytesStored) / raw * total);
        }
        Dispose();
        return DiskSpace.Full(Path, estimate, DiskSpace.FindDiskFull(ex) ?? ex);
    }

    private void AddSection(int levelIndex, ReadOnlySpan<float> section)
    {
        var level = _levels[levelIndex];
        section.CopyTo(level.Buffer.AsSpan((int)(level.Filled * level.Shape.SectionVoxels), (int)level.Shape.SectionVoxels));
        level.Filled++;
        level.Received++;
        if (levelIndex + 1 < _levels.Length)
        {
            if (level.Pending is null)
            {
                level.Pending = section.ToArray();
            }
            else
            {
                var down = Downsample(level.Shape, level.Pending, section);
                level.Pending = null;
                AddSection(levelIndex + 1, down);
            }
        }
        if (level.Filled == level.ChunkDepth) FlushChunkRow(level);
    }

    /// <summary>2x2x2 mean of two sections (the second may be absent: zeros), zero-padded at odd y/x edges.</summary>
    private static float[] Downsample(VolumeShape shape, float[] a, ReadOnlySpan<float> b)
    {
        int ny = (shape.Y + 1) / 2, nx = (shape.X + 1) / 2;
        var result = new float[(long)ny * nx];
        var second = b.IsEmpty ? null : b.ToArray();
        int w = shape.X, h = shape.Y;
        Parallel.For(0, ny, y2 =>
        {
            int y0 = 2 * y2, y1 = y0 + 1;
            bool hasY1 = y1 < h;
            for (int x2 = 0; x2 < nx; x2++)
            {
                int x0 = 2 * x2, x1 = x0 + 1;
                bool hasX1 = x1 < w;
                float sum = Sum4(a, w, y0, y1, x0, x1, hasY1, hasX1);
                if (second is not null) sum += Sum4(second, w, y0, y1, x0, x1, hasY1, hasX1);
                result[(long)y2 * nx + x2] = sum / 8f;
            }
        });
        return result;
    }

    private static float Sum4(float[] s, int w, int y0, int y1, int x0, int x1, bool hasY1, bool hasX1)
    {
        long r0 = (long)y0 * w, r1 = (long)y1 * w;
        float v = s[r0 + x0];
        if (hasX1) v += s[r0 + x1];
        if (hasY1)
        {
            v += s[r1 + x0];
            if (hasX1) v += s[r1 + x1];
        }
        return v;
    }

    private void FlushChunkRow(LevelState level)
    {
        int c = _options.ChunkSize;
        int depth = level.ChunkDepth;
        int cz = level.NextChunkRow;
        var shape = level.Shape;
        int gy = (shape.Y + c - 1) / c, gx = (shape.X + c - 1) / c;
        var chunkShape = (Z: depth, Y: Math.Min(c, shape.Y), X: Math.Min(c, shape.X));
        var buffer = level.Buffer;
        int filled = level.Filled;
        var dir = System.IO.Path.Combine(_tempRoot, level.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), cz.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxDegreeOfParallelism) };
        Parallel.For(0, gy * gx, options, i =>
        {
            int cy = i / gx, cx = i % gx;
            int chunkLength = chunkShape.Z * chunkShape.Y * chunkShape.X;
            var rented = System.Buffers.ArrayPool<float>.Shared.Rent(chunkLength);
            var chunk = rented.AsSpan(0, chunkLength);
            chunk.Clear(); // padding of edge chunks = fill_value 0
            int y0 = cy * chunkShape.Y, x0 = cx * chunkShape.X;
            int ny = Math.Min(chunkShape.Y, shape.Y - y0), nx = Math.Min(chunkShape.X, shape.X - x0);
            for (int z = 0; z < filled; z++)
                for (int y = 0; y < ny; y++)
                    buffer.AsSpan((int)(z * shape.SectionVoxels + (long)(y0 + y) * shape.X + x0), nx)
                        .CopyTo(chunk.Slice((z * chunkShape.Y + y) * chunkShape.X, nx));
            var encoded = BloscCodec.EncodeLz4Shuffle(System.Runtime.InteropServices.MemoryMarshal.AsBytes(chunk), sizeof(float));
            System.Buffers.ArrayPool<float>.Shared.Return(rented);
            var cyDir = System.IO.Path.Combine(dir, cy.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(cyDir);
            File.WriteAllBytes(System.IO.Path.Combine(cyDir, cx.ToString(System.Globalization.CultureInfo.InvariantCulture)), encoded);
            Interlocked.Add(ref _bytesStored, encoded.Length);
            Interlocked.Add(ref _rawBytesStored, (long)ny * nx * filled * sizeof(float));
        });
        level.NextChunkRow++;
        level.Filled = 0;
    }

    private void WriteMetadata()
    {
        File.WriteAllText(System.IO.Path.Combine(_tempRoot, ".zgroup"), "{\n    \"zarr_format\": 2\n}");
        foreach (var level in _levels)
        {
            int c = _options.ChunkSize;
            var meta = new ZarrArrayMetadata(
                [level.Shape.Z, level.Shape.Y, level.Shape.X],
                [Math.Min(c, level.Shape.Z), Math.Min(c, level.Shape.Y), Math.Min(c, level.Shape.X)],
                VoxelType.Float32, BigEndian: false, FillValue: 0,
                new ZarrCompressorSpec("blosc", Cname: "lz4", Clevel: Clevel, Shuffle: 1, Blocksize: 0), '/');
            var dir = System.IO.Path.Combine(_tempRoot, level.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            File.WriteAllText(System.IO.Path.Combine(dir, ".zarray"), meta.ToJson());
        }
        File.WriteAllText(System.IO.Path.Combine(_tempRoot, ".zattrs"), Zattrs());
    }

    /// <summary>The .zattrs document, formatted as zarr-python writes it (json indent 4, sorted keys).</summary>
    private string Zattrs()
    {
        var sb = new StringBuilder();
        sb.Append("{\n    \"multiscales\": [\n        {\n            \"axes\": [\n");
        string[] names = ["z", "y", "x"];
        for (int i = 0; i < 3; i++)
        {
            sb.Append("                {\n");
            sb.Append($"                    \"name\": \"{names[i]}\",\n");
            sb.Append("                    \"type\": \"space\",\n");
            sb.Append("                    \"unit\": \"angstrom\"\n");
            sb.Append(i < 2 ? "                },\n" : "                }\n");
        }
        sb.Append("            ],\n            \"datasets\": [\n");
        for (int l = 0; l < _levels.Length; l++)
        {
            double f = Math.Pow(2, l);
            sb.Append("                {\n                    \"coordinateTransformations\": [\n                        {\n");
            sb.Append("                            \"scale\": [\n");
            sb.Append($"                                {PyFormat.Float(_voxelSize.Z * f)},\n");
            sb.Append($"                                {PyFormat.Float(_voxelSize.Y * f)},\n");
            sb.Append($"                                {PyFormat.Float(_voxelSize.X * f)}\n");
            sb.Append("                            ],\n                            \"type\": \"scale\"\n                        }\n                    ],\n");
            sb.Append($"                    \"path\": \"{l}\"\n");
            sb.Append(l < _levels.Length - 1 ? "                },\n" : "                }\n");
        }
        sb.Append("            ],\n");
        sb.Append($"            \"name\": {System.Text.Json.JsonSerializer.Serialize(_options.Name)},\n");
        sb.Append("            \"version\": \"0.4\"\n        }\n    ]\n}");
        return sb.ToString();
    }

    private sealed class LevelState(int index, VolumeShape shape, int chunkDepth, int chunkSize)
    {
        public int Index { get; } = index;
        public VolumeShape Shape { get; } = shape;
        public int ChunkDepth { get; } = chunkDepth;
        public float[] Buffer { get; } = new float[checked((int)(Math.Min(chunkDepth, shape.Z) * shape.SectionVoxels))];
        public int Filled { get; set; }
        public int Received { get; set; }
        public int NextChunkRow { get; set; }
        public float[]? Pending { get; set; }
        public int ChunkSize { get; } = chunkSize;
    }
}
