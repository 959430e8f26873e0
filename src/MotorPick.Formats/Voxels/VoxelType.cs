using MotorPick.Core;

namespace MotorPick.Formats.Voxels;

/// <summary>Element type of the voxels as stored in a file (after format quirks such as IMOD's unsigned mode 0 are resolved).</summary>
public enum VoxelType
{
    Int8,
    UInt8,
    Int16,
    UInt16,
    Float16,
    Float32,
    Float64,
}

/// <summary>Facts about <see cref="VoxelType"/>: sizes, CLR types, numpy names.</summary>
public static class VoxelTypes
{
    /// <summary>Bytes per voxel.</summary>
    public static int Size(this VoxelType type) => type switch
    {
        VoxelType.Int8 or VoxelType.UInt8 => 1,
        VoxelType.Int16 or VoxelType.UInt16 or VoxelType.Float16 => 2,
        VoxelType.Float32 => 4,
        VoxelType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The CLR element type that holds this voxel type unchanged (sbyte, byte, short, ushort, Half, float, double).</summary>
    public static Type ClrType(this VoxelType type) => type switch
    {
        VoxelType.Int8 => typeof(sbyte),
        VoxelType.UInt8 => typeof(byte),
        VoxelType.Int16 => typeof(short),
        VoxelType.UInt16 => typeof(ushort),
        VoxelType.Float16 => typeof(Half),
        VoxelType.Float32 => typeof(float),
        VoxelType.Float64 => typeof(double),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>numpy's name of the type ("int8", "uint8", "int16", "uint16", "float16", "float32", "float64").</summary>
    public static string NumpyName(this VoxelType type) => type switch
    {
        VoxelType.Int8 => "int8",
        VoxelType.UInt8 => "uint8",
        VoxelType.Int16 => "int16",
        VoxelType.UInt16 => "uint16",
        VoxelType.Float16 => "float16",
        VoxelType.Float32 => "float32",
        VoxelType.Float64 => "float64",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>True for the floating-point types.</summary>
    public static bool IsFloatingPoint(this VoxelType type) => type is VoxelType.Float16 or VoxelType.Float32 or VoxelType.Float64;

    /// <summary>Parses a numpy type name as printed by <see cref="NumpyName"/>; null when unknown.</summary>
    public static VoxelType? FromNumpyName(string name) => name switch
    {
        "int8" => VoxelType.Int8,
        "uint8" => VoxelType.UInt8,
        "int16" => VoxelType.Int16,
        "uint16" => VoxelType.UInt16,
        "float16" => VoxelType.Float16,
        "float32" => VoxelType.Float32,
        "float64" => VoxelType.Float64,
        _ => null,
    };

    /// <summary>The voxel type whose CLR type is <typeparamref name="T"/>; null for any other T.</summary>
    public static VoxelType? Of<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(sbyte)) return VoxelType.Int8;
        if (typeof(T) == typeof(byte)) return VoxelType.UInt8;
        if (typeof(T) == typeof(short)) return VoxelType.Int16;
        if (typeof(T) == typeof(ushort)) return VoxelType.UInt16;
        if (typeof(T) == typeof(Half)) return VoxelType.Float16;
        if (typeof(T) == typeof(float)) return VoxelType.Float32;
        if (typeof(T) == typeof(double)) return VoxelType.Float64;
        return null;
    }

    /// <summary>Throws unless <typeparamref name="T"/> is the CLR type of <paramref name="type"/>.</summary>
    public static void RequireClrType<T>(this VoxelType type, string? path = null) where T : unmanaged
    {
        if (Of<T>() != type)
            throw new MotorPickException(
                $"element type {typeof(T).Name} does not match the voxel type {type.NumpyName()} (use {type.ClrType().Name}, or float to convert on read)", path);
    }
}
