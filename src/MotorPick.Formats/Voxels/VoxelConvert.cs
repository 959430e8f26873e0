using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Numerics.Tensors;

namespace MotorPick.Formats.Voxels;

/// <summary>Vectorised conversions of raw voxel buffers to float32, and byte-order swaps.</summary>
public static class VoxelConvert
{
    /// <summary>Converts <paramref name="source"/> (raw voxels of <paramref name="type"/>, host byte order) to float32.</summary>
    public static void ToFloat32(VoxelType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        int n = source.Length / type.Size();
        if (n * type.Size() != source.Length || destination.Length < n)
            throw new ArgumentException($"buffer sizes do not match: {source.Length} bytes of {type.NumpyName()} into {destination.Length} floats");
        var dst = destination[..n];
        switch (type)
        {
            case VoxelType.Int8: ToFloat32(MemoryMarshal.Cast<byte, sbyte>(source), dst); break;
            case VoxelType.UInt8: ToFloat32(source, dst); break;
            case VoxelType.Int16: ToFloat32(MemoryMarshal.Cast<byte, short>(source), dst); break;
            case VoxelType.UInt16: ToFloat32(MemoryMarshal.Cast<byte, ushort>(source), dst); break;
            case VoxelType.Float16: TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source), dst); break;
            case VoxelType.Float32: MemoryMarshal.Cast<byte, float>(source).CopyTo(dst); break;
            case VoxelType.Float64: ToFloat32(MemoryMarshal.Cast<byte, double>(source), dst); break;
            default: throw new ArgumentOutOfRangeException(nameof(type));
        }
    }

    public static void ToFloat32(ReadOnlySpan<sbyte> s, Span<float> d)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= s.Length - 32; i += 32)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(s.Slice(i, 32)));
                var (a, b) = Vector256.Widen(lo);
                var (c, e) = Vector256.Widen(hi);
                Vector256.ConvertToSingle(a).CopyTo(d.Slice(i));
                Vector256.ConvertToSingle(b).CopyTo(d.Slice(i + 8));
                Vector256.ConvertToSingle(c).CopyTo(d.Slice(i + 16));
                Vector256.ConvertToSingle(e).CopyTo(d.Slice(i + 24));
            }
        }
        for (; i < s.Length; i++) d[i] = s[i];
    }

    public static void ToFloat32(ReadOnlySpan<byte> s, Span<float> d)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= s.Length - 32; i += 32)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(s.Slice(i, 32)));
                var (a, b) = Vector256.Widen(lo);
                var (c, e) = Vector256.Widen(hi);
                Vector256.ConvertToSingle(a.AsInt32()).CopyTo(d.Slice(i));
                Vector256.ConvertToSingle(b.AsInt32()).CopyTo(d.Slice(i + 8));
                Vector256.ConvertToSingle(c.AsInt32()).CopyTo(d.Slice(i + 16));
                Vector256.ConvertToSingle(e.AsInt32()).CopyTo(d.Slice(i + 24));
            }
        }
        for (; i < s.Length; i++) d[i] = s[i];
    }

    public static void ToFloat32(ReadOnlySpan<short> s, Span<float> d)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= s.Length - 16; i += 16)
            {
                var (a, b) = Vector256.Widen(Vector256.Create(s.Slice(i, 16)));
                Vector256.ConvertToSingle(a).CopyTo(d.Slice(i));
                Vector256.ConvertToSingle(b).CopyTo(d.Slice(i + 8));
            }
        }
        for (; i < s.Length; i++) d[i] = s[i];
    }

    public static void ToFloat32(ReadOnlySpan<ushort> s, Span<float> d)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= s.Length - 16; i += 16)
            {
                var (a, b) = Vector256.Widen(Vector256.Create(s.Slice(i, 16)));
                // Values are below 2^16, so the signed conversion is exact and faster than the unsigned one.
                Vector256.ConvertToSingle(a.AsInt32()).CopyTo(d.Slice(i));
                Vector256.ConvertToSingle(b.AsInt32()).CopyTo(d.Slice(i + 8));
            }
        }
        for (; i < s.Length; i++) d[i] = s[i];
    }

    public static void ToFloat32(ReadOnlySpan<Half> s, Span<float> d) => TensorPrimitives.ConvertToSingle(s, d);

    public static void ToFloat32(ReadOnlySpan<double> s, Span<float> d)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= s.Length - 8; i += 8)
                Vector256.Narrow(Vector256.Create(s.Slice(i, 4)), Vector256.Create(s.Slice(i + 4, 4))).CopyTo(d.Slice(i));
        }
        for (; i < s.Length; i++) d[i] = (float)s[i];
    }

    /// <summary>Converts typed voxels to float32 (T one of sbyte, byte, short, ushort, Half, float, double).</summary>
    public static void ToFloat32<T>(ReadOnlySpan<T> source, Span<float> destination) where T : unmanaged
    {
        var type = VoxelTypes.Of<T>() ?? throw new ArgumentException($"{typeof(T).Name} is not a voxel type");
        ToFloat32(type, MemoryMarshal.AsBytes(source), destination);
    }

    /// <summary>Reverses the byte order of every element of <paramref name="data"/> in place (no-op for 1-byte types).</summary>
    public static void SwapBytes(VoxelType type, Span<byte> data)
    {
        switch (type.Size())
        {
            case 1: break;
            case 2: { var s = MemoryMarshal.Cast<byte, ushort>(data); BinaryPrimitives.ReverseEndianness(s, s); break; }
            case 4: { var s = MemoryMarshal.Cast<byte, uint>(data); BinaryPrimitives.ReverseEndianness(s, s); break; }
            case 8: { var s = MemoryMarshal.Cast<byte, ulong>(data); BinaryPrimitives.ReverseEndianness(s, s); break; }
        }
    }
}
