using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Npy;

/// <summary>
/// The header of a .npy file (format versions 1.0, 2.0 and 3.0): dtype, byte order, C/Fortran order, shape, and the
/// offset of the data. Only C-order arrays of the voxel types are accepted.
/// </summary>
public sealed record NpyHeader(VoxelType VoxelType, bool BigEndian, long[] Shape, long DataOffset, int MajorVersion)
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The array as a volume: 3-D (z, y, x), or a 2-D image as one section.</summary>
    public VolumeShape VolumeShape(string path)
    {
        var s = Shape;
        if (s.Length is < 2 or > 3)
            throw new MotorPickException($"array has {s.Length} dimensions ({string.Join("x", s)}); a volume needs 3 (z, y, x) or 2 (y, x)", path, field: "shape");
        if (s.Any(d => d <= 0 || d > int.MaxValue))
            throw new MotorPickException($"array shape ({string.Join(", ", s)}) has an empty or too large dimension", path, field: "shape");
        return s.Length == 3 ? new VolumeShape((int)s[0], (int)s[1], (int)s[2]) : new VolumeShape(1, (int)s[0], (int)s[1]);
    }

    /// <summary>numpy's dtype string for a little-endian voxel type ('|u1', '&lt;f4', ...).</summary>
    public static string Descr(VoxelType type) => type switch
    {
        VoxelType.Int8 => "|i1",
        VoxelType.UInt8 => "|u1",
        VoxelType.Int16 => "<i2",
        VoxelType.UInt16 => "<u2",
        VoxelType.Float16 => "<f2",
        VoxelType.Float32 => "<f4",
        VoxelType.Float64 => "<f8",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses a dtype string such as '&lt;f4', '|u1', '&gt;i2'; null if not a voxel type.</summary>
    public static (VoxelType Type, bool BigEndian)? ParseDescr(string descr)
    {
        if (descr.Length < 2) return null;
        char order = descr[0];
        string code = descr[1..];
        if (order is not ('<' or '>' or '|' or '=')) { code = descr; order = '='; }
        VoxelType? type = code switch
        {
            "i1" or "b" => VoxelType.Int8,
            "u1" or "B" => VoxelType.UInt8,
            "i2" or "h" => VoxelType.Int16,
            "u2" or "H" => VoxelType.UInt16,
            "f2" or "e" => VoxelType.Float16,
            "f4" or "f" => VoxelType.Float32,
            "f8" or "d" => VoxelType.Float64,
            _ => null,
        };
        return type is null ? null : (type.Value, order == '>' && type.Value.Size() > 1);
    }

    /// <summary>Reads and parses the header at the start of the file <paramref name="path"/>.</summary>
    public static NpyHeader Read(string path)
    {
        using var handle = RawVolumeFile.OpenHandle(path, "NPY");
        return Read(handle, path);
    }

    /// <summary>Reads and parses the header at the start of an open file.</summary>
    public static NpyHeader Read(SafeFileHandle handle, string path)
    {
        Span<byte> pre = stackalloc byte[12];
        int got = ReadAtMost(handle, pre, 0);
        if (got < 10 || !pre[..6].SequenceEqual(Magic))
            throw new MotorPickException("not a .npy file (missing the \\x93NUMPY magic)", path);
        int major = pre[6];
        long headerLength;
        int preamble;
        switch (major)
        {
            case 1: headerLength = BinaryPrimitives.ReadUInt16LittleEndian(pre.Slice(8, 2)); preamble = 10; break;
            case 2 or 3:
                if (got < 12) throw new MotorPickException("truncated .npy header", path);
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(pre.Slice(8, 4)); preamble = 12; break;
            default: throw new MotorPickException($".npy format version {major}.{pre[7]} is not supported (1.0, 2.0, 3.0 are)", path);
        }
        if (headerLength > 1 << 20) throw new MotorPickException($".npy header claims {headerLength} bytes; refusing an absurd header", path);
        var text = new byte[headerLength];
        if (ReadAtMost(handle, text, preamble) < text.Length)
            throw new MotorPickException($"truncated .npy header ({headerLength} bytes expected)", path);
        var dict = major == 3 ? Encoding.UTF8.GetString(text) : Encoding.Latin1.GetString(text);
        return Parse(dict, preamble + headerLength, major, path);
    }

    private static int ReadAtMost(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int got = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (got <= 0) break;
            total += got;
        }
        return total;
    }

    private static NpyHeader Parse(string dict, long dataOffset, int major, string path)
    {
        var values = PyLiteral.ParseDict(dict, path);
        if (!values.TryGetValue("descr", out var descrObj) || descrObj is not string descr)
            throw new MotorPickException($"header has no string 'descr': {dict.Trim()}", path, field: "descr");
        if (!values.TryGetValue("fortran_order", out var fo) || fo is not bool fortran)
            throw new MotorPickException($"header has no boolean 'fortran_order': {dict.Trim()}", path, field: "fortran_order");
        if (!values.TryGetValue("shape", out var shapeObj) || shapeObj is not List<long> shape)
            throw new MotorPickException($"header has no tuple 'shape': {dict.Trim()}", path, field: "shape");
        var parsed = ParseDescr(descr)
            ?? throw new MotorPickException($"dtype '{descr}' is not supported (int8, uint8, int16, uint16, float16, float32, float64)", path, field: "descr");
        if (fortran)
            throw new MotorPickException("Fortran-order arrays are not supported; save a C-order array (numpy.ascontiguousarray) instead", path, field: "fortran_order");
        return new NpyHeader(parsed.Type, parsed.BigEndian, [.. shape], dataOffset, major);
    }

    /// <summary>The header bytes numpy writes for a C-order little-endian array: version 1.0, padded to 64 bytes.</summary>
    public static byte[] Build(VoxelType type, VolumeShape shape)
    {
        string dict = string.Create(CultureInfo.InvariantCulture,
            $"{{'descr': '{Descr(type)}', 'fortran_order': False, 'shape': ({shape.Z}, {shape.Y}, {shape.X}), }}");
        int total = 10 + dict.Length + 1;
        int padded = (total + 63) / 64 * 64;
        var header = dict + new string(' ', padded - total) + "\n";
        var bytes = new byte[10 + header.Length];
        Magic.CopyTo(bytes, 0);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.Latin1.GetBytes(header, bytes.AsSpan(10));
        return bytes;
    }
}
