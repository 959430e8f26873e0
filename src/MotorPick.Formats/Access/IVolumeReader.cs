using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Access;

/// <summary>
/// A volume on disk (or behind a chunk store) that can be read by whole z sections, so that callers can stream
/// tomograms that do not fit in memory. Implemented by the MRC, NPY and OME-Zarr readers.
/// </summary>
public interface IVolumeReader : IDisposable
{
    /// <summary>Path or description of the source, used in error messages.</summary>
    string Source { get; }

    /// <summary>Shape in C order (z, y, x).</summary>
    VolumeShape Shape { get; }

    /// <summary>Element type of the stored voxels.</summary>
    VoxelType VoxelType { get; }

    /// <summary>Voxel size in Angstrom, or <see cref="VoxelSize.Unknown"/>.</summary>
    VoxelSize VoxelSize { get; }

    /// <summary>
    /// Reads z sections [<paramref name="z0"/>, <paramref name="z0"/> + <paramref name="zCount"/>) into
    /// <paramref name="destination"/> (exactly zCount·Y·X elements, C order), without reading other sections.
    /// <typeparamref name="T"/> is either <see cref="float"/> (every type is converted to float32) or the CLR type of
    /// <see cref="VoxelType"/> (raw values, host byte order); anything else throws.
    /// </summary>
    void ReadSlab<T>(int z0, int zCount, Span<T> destination) where T : unmanaged;
}

/// <summary>Convenience reads on top of <see cref="IVolumeReader.ReadSlab{T}"/>.</summary>
public static class VolumeReaderExtensions
{
    /// <summary>The whole volume converted to float32 (C order, z slowest).</summary>
    public static float[] ReadAllFloat32(this IVolumeReader reader) => reader.ReadAll<float>();

    /// <summary>The whole volume as <typeparamref name="T"/> (float or the native CLR type; see <see cref="IVolumeReader.ReadSlab{T}"/>).</summary>
    public static T[] ReadAll<T>(this IVolumeReader reader) where T : unmanaged
    {
        reader.Shape.RequireArrayLength(reader.Source);
        var data = GC.AllocateUninitializedArray<T>(checked((int)reader.Shape.VoxelCount));
        reader.ReadSlab<T>(0, reader.Shape.Z, data);
        return data;
    }

    /// <summary>Z sections [z0, z0+zCount) as a new array.</summary>
    public static T[] ReadSlab<T>(this IVolumeReader reader, int z0, int zCount) where T : unmanaged
    {
        long n = (long)zCount * reader.Shape.SectionVoxels;
        if (n > Array.MaxLength)
            throw new Core.MotorPickException($"{zCount} sections of {reader.Shape} do not fit in one array", reader.Source);
        var data = GC.AllocateUninitializedArray<T>((int)n);
        reader.ReadSlab<T>(z0, zCount, data);
        return data;
    }
}
