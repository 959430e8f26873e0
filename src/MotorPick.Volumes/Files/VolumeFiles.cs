using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Jpeg;
using MotorPick.Formats.Mrc;
using MotorPick.Formats.Npy;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Zarr;

namespace MotorPick.Volumes.Files;

/// <summary>The volume formats MotorPick reads and writes.</summary>
public enum VolumeFormat { Mrc, Npy, OmeZarr, JpegStack }

/// <summary>How to open a volume.</summary>
public sealed record VolumeOpenOptions
{
    /// <summary>OME-Zarr multiscale level by index (default 0, full resolution).</summary>
    public int? ZarrLevel { get; init; }

    /// <summary>OME-Zarr level nearest to this voxel size (A); overrides <see cref="ZarrLevel"/>.</summary>
    public double? ZarrVoxelSize { get; init; }

    /// <summary>Voxel size to use instead of the file's (NPY and JPEG stacks have none).</summary>
    public VoxelSize? VoxelSize { get; init; }
}

/// <summary>Opens any supported volume as an <see cref="IVolumeReader"/> and creates writers by output name.</summary>
public static class VolumeFiles
{
    private static readonly string[] MrcExtensions = [".mrc", ".rec", ".map", ".st", ".ali", ".mrcs"];

    /// <summary>The format of an existing path: a directory with <c>.zattrs</c>/<c>.zarray</c> is OME-Zarr, one with
    /// <c>slice_0000.jpg</c> a JPEG stack; files go by extension.</summary>
    public static VolumeFormat Detect(string path)
    {
        if (Directory.Exists(path))
        {
            if (File.Exists(Path.Combine(path, ".zattrs")) || File.Exists(Path.Combine(path, ".zarray")) || File.Exists(Path.Combine(path, ".zgroup")))
                return VolumeFormat.OmeZarr;
            if (File.Exists(Path.Combine(path, JpegSliceNames.FileName(0)))) return VolumeFormat.JpegStack;
            throw new MotorPickException("directory is neither an OME-Zarr (.zattrs/.zarray) nor a JPEG slice stack (slice_0000.jpg)", path);
        }
        if (!File.Exists(path)) throw new MotorPickException("not found", path);
        return FromName(path) ?? throw new MotorPickException("unknown volume format (expected .mrc/.rec/.map/.st/.ali, .npy, an OME-Zarr directory or a JPEG slice directory)", path);
    }

    /// <summary>The format an output name asks for: <c>.mrc</c> etc., <c>.npy</c>, <c>.zarr</c>, anything else a JPEG stack directory.</summary>
    public static VolumeFormat ForOutput(string path) => FromName(path) ?? VolumeFormat.JpegStack;

    private static VolumeFormat? FromName(string path)
    {
        var ext = Path.GetExtension(path.TrimEnd('/')).ToLowerInvariant();
        if (MrcExtensions.Contains(ext)) return VolumeFormat.Mrc;
        if (ext == ".npy") return VolumeFormat.Npy;
        if (ext == ".zarr") return VolumeFormat.OmeZarr;
        return null;
    }

    public static IVolumeReader Open(string path, VolumeOpenOptions? options = null)
    {
        options ??= new VolumeOpenOptions();
        var size = options.VoxelSize ?? VoxelSize.Unknown;
        switch (Detect(path))
        {
            case VolumeFormat.Mrc:
                return options.VoxelSize is null ? MrcReader.Open(path) : new VoxelSizeOverride(MrcReader.Open(path), size);
            case VolumeFormat.Npy:
                return NpyReader.Open(path, size);
            case VolumeFormat.JpegStack:
                return JpegSliceStack.Open(path, voxelSize: size);
            case VolumeFormat.OmeZarr:
                if (File.Exists(Path.Combine(path, ".zarray"))) return ZarrArray.Open(path, size);
                var zarr = OmeZarr.Open(path);
                var level = options.ZarrVoxelSize is { } vs ? zarr.NearestLevel(vs) : options.ZarrLevel ?? 0;
                if (level < 0 || level >= zarr.Levels.Count)
                    throw new MotorPickException($"OME-Zarr has levels 0..{zarr.Levels.Count - 1}, not {level}", path);
                var reader = zarr.OpenLevel(level);
                return options.VoxelSize is null ? reader : new VoxelSizeOverride(reader, size);
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>A writer for <paramref name="path"/> (format from the name; see <see cref="ForOutput"/>).</summary>
    public static IVolumeWriter Create(string path, VolumeShape shape, VoxelType type, VoxelSize voxelSize, int jpegQuality = JpegSliceStackWriter.DefaultQuality)
    {
        switch (ForOutput(path))
        {
            case VolumeFormat.Mrc: return new MrcWriter(path, shape, type, voxelSize);
            case VolumeFormat.Npy: return new NpyWriter(path, shape, type);
            case VolumeFormat.OmeZarr:
                if (type != VoxelType.Float32) throw new MotorPickException("OME-Zarr output is float32; add --dtype float32", path);
                return new OmeZarrWriter(path, shape, voxelSize);
            default:
                if (type != VoxelType.UInt8) throw new MotorPickException("JPEG slice stacks are uint8", path);
                return new JpegSliceStackWriter(path, shape.Z, shape.Y, shape.X, jpegQuality);
        }
    }

    /// <summary>A reader with another voxel size.</summary>
    private sealed class VoxelSizeOverride(IVolumeReader inner, VoxelSize size) : IVolumeReader
    {
        public string Source => inner.Source;
        public VolumeShape Shape => inner.Shape;
        public VoxelType VoxelType => inner.VoxelType;
        public VoxelSize VoxelSize => size;
        public void ReadSlab<T>(int z0, int zCount, Span<T> destination) where T : unmanaged => inner.ReadSlab(z0, zCount, destination);
        public void Dispose() => inner.Dispose();
    }
}
