using Microsoft.Win32.SafeHandles;
using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Mrc;

/// <summary>Options for opening an MRC file.</summary>
public sealed record MrcReadOptions
{
    /// <summary>Permissive (default) throws only for unreadable files; Strict throws for any failed header check.</summary>
    public MrcValidationMode Validation { get; init; } = MrcValidationMode.Permissive;

    /// <summary>How mode-0 bytes are interpreted (default: IMOD rule, see <see cref="MrcMode0Interpretation.Auto"/>).</summary>
    public MrcMode0Interpretation Mode0 { get; init; } = MrcMode0Interpretation.Auto;
}

/// <summary>
/// Reads MRC2014 files: the header on open (validated, see <see cref="MrcValidator"/>), then any range of z sections
/// by positional reads, converted to float32 or raw. Big-endian files are byte-swapped. The extended header is skipped.
/// Only the standard axis order MAPC/MAPR/MAPS = 1/2/3 is accepted (other orders are refused with a clear error).
/// Thread-safe for concurrent <see cref="ReadSlab{T}"/> calls.
/// </summary>
public sealed class MrcReader : IVolumeReader
{
    private readonly RawVolumeFile _file;

    private MrcReader(string path, SafeFileHandle handle, MrcHeader header, VoxelType type, List<MrcIssue> warnings)
    {
        Source = path;
        _file = new RawVolumeFile(path, handle, header.Shape, type, header.DataOffset, header.IsBigEndian);
        Header = header;
        VoxelType = type;
        Warnings = warnings;
    }

    /// <summary>Opens <paramref name="path"/> and validates its header.</summary>
    public static MrcReader Open(string path, MrcReadOptions? options = null)
    {
        options ??= new MrcReadOptions();
        var handle = RawVolumeFile.OpenHandle(path, "MRC");
        try
        {
            var (header, type, warnings) = ReadAndCheck(handle, path, options);
            return new MrcReader(path, handle, header, type, warnings);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads and validates only the header of <paramref name="path"/>.</summary>
    public static MrcHeader ReadHeader(string path, MrcReadOptions? options = null)
    {
        using var reader = Open(path, options);
        return reader.Header;
    }

    /// <summary>Reads the whole volume converted to float32.</summary>
    public static float[] ReadFloat32(string path, MrcReadOptions? options = null)
    {
        using var reader = Open(path, options);
        return reader.ReadAllFloat32();
    }

    /// <summary>The parsed header.</summary>
    public MrcHeader Header { get; }

    /// <summary>Failed non-fatal header checks (empty for a clean file).</summary>
    public IReadOnlyList<MrcIssue> Warnings { get; }

    public string Source { get; }

    public VolumeShape Shape => Header.Shape;

    public VoxelType VoxelType { get; }

    public VoxelSize VoxelSize => Header.VoxelSize;

    /// <summary>ORIGIN (x, y, z) in Angstrom.</summary>
    public (float X, float Y, float Z) Origin => (Header.OriginX, Header.OriginY, Header.OriginZ);

    public void ReadSlab<T>(int z0, int zCount, Span<T> destination) where T : unmanaged =>
        _file.ReadSlab(z0, zCount, destination);

    public void Dispose() => _file.Dispose();

    private static (MrcHeader, VoxelType, List<MrcIssue>) ReadAndCheck(SafeFileHandle handle, string path, MrcReadOptions options)
    {
        long length = RandomAccess.GetLength(handle);
        if (length < MrcHeader.Size)
            throw new MotorPickException($"not an MRC file: {length} bytes, fewer than the 1024-byte MRC header", path);
        var buf = new byte[MrcHeader.Size];
        RawVolumeFile.ReadExactly(handle, path, 0, buf);
        var header = MrcHeader.Parse(buf);
        var issues = MrcValidator.CheckHeader(header, length, options.Mode0);
        MrcValidator.ThrowIfInvalid(issues, options.Validation, path);
        return (header, header.VoxelTypeFor(options.Mode0)!.Value, issues);
    }

}
