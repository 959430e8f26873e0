using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Mrc;

/// <summary>Options for writing an MRC file.</summary>
public sealed record MrcWriteOptions
{
    /// <summary>ORIGIN (x, y, z) in Angstrom.</summary>
    public (float X, float Y, float Z) Origin { get; init; }

    /// <summary>Text labels (at most 10, 80 characters each). Default: one "MotorPick" label (no timestamp, so output is reproducible).</summary>
    public IReadOnlyList<string> Labels { get; init; } = ["MotorPick"];
}

/// <summary>
/// Streaming MRC2014 writer: little-endian, MACHST 44 44 00 00, MAP "MAP ", NVERSION 20141, ISPG 1, CELLA = voxel size × N,
/// DMIN/DMAX/DMEAN/RMS computed from the data (RMS = population standard deviation, as mrcfile).
/// Types: float32 (mode 2), int16 (1), uint16 (6), float16 (12), int8 (0, IMOD stamp with the signed flag),
/// uint8 (0, IMOD stamp without the signed flag: IMOD and <see cref="MrcReader"/> read it as unsigned;
/// mrcfile ignores the stamp and reads int8). float64 has no MRC mode and is refused.
/// </summary>
public sealed class MrcWriter : SlabFileWriter
{
    private readonly VoxelSize _voxelSize;
    private readonly MrcWriteOptions _options;
    private readonly VoxelStatistics _stats = new();

    public MrcWriter(string path, VolumeShape shape, VoxelType type, VoxelSize voxelSize, MrcWriteOptions? options = null)
        : base(path, shape, CheckType(type, path), MrcHeader.Size)
    {
        _voxelSize = voxelSize;
        _options = options ?? new MrcWriteOptions();
        if (_options.Labels.Count > 10) throw new ArgumentException("MRC holds at most 10 labels", nameof(options));
    }

    /// <summary>Writes a whole volume held in memory.</summary>
    public static void Write<T>(string path, ReadOnlySpan<T> voxels, VolumeShape shape, VoxelSize voxelSize, MrcWriteOptions? options = null) where T : unmanaged
    {
        var type = VoxelTypes.Of<T>() ?? throw new ArgumentException($"{typeof(T).Name} is not a voxel type");
        if (voxels.Length != shape.VoxelCount)
            throw new ArgumentException($"{voxels.Length} voxels given for shape {shape} ({shape.VoxelCount})", nameof(voxels));
        using var writer = new MrcWriter(path, shape, type, voxelSize, options);
        writer.WriteSlab(voxels);
        writer.Complete();
    }

    /// <summary>Statistics of the voxels written so far.</summary>
    public VoxelStatistics Statistics => _stats;

    private static VoxelType CheckType(VoxelType type, string path) =>
        MrcHeader.ModeFor(type) is null
            ? throw new MotorPickException($"MRC has no mode for {type.NumpyName()}; convert to float32 first", path)
            : type;

    protected override void OnSlab<T>(ReadOnlySpan<T> voxels) => _stats.Add(voxels);

    protected override byte[] BuildHeader()
    {
        var h = new MrcHeader
        {
            NX = Shape.X, NY = Shape.Y, NZ = Shape.Z,
            Mode = MrcHeader.ModeFor(VoxelType)!.Value,
            MX = Shape.X, MY = Shape.Y, MZ = Shape.Z,
            CellX = (float)(_voxelSize.X * Shape.X),
            CellY = (float)(_voxelSize.Y * Shape.Y),
            CellZ = (float)(_voxelSize.Z * Shape.Z),
            DMin = (float)_stats.Min,
            DMax = (float)_stats.Max,
            DMean = (float)_stats.Mean,
            Rms = (float)_stats.Std,
            Ispg = 1,
            NVersion = 20141,
            OriginX = _options.Origin.X, OriginY = _options.Origin.Y, OriginZ = _options.Origin.Z,
            NLabl = _options.Labels.Count,
        };
        if (VoxelType is VoxelType.Int8 or VoxelType.UInt8)
        {
            h.ImodStamp = MrcHeader.ImodStampValue;
            h.ImodFlags = VoxelType == VoxelType.Int8 ? MrcHeader.ImodFlagSignedBytes : 0;
        }
        for (int i = 0; i < 10; i++) h.Labels[i] = i < _options.Labels.Count ? _options.Labels[i] : "";
        var bytes = new byte[MrcHeader.Size];
        h.WriteTo(bytes);
        return bytes;
    }
}
