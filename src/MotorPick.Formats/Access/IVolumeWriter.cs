using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Access;

/// <summary>
/// A volume file written z slab by z slab, so that a big volume never has to be in memory at once.
/// The output appears under its final name only after <see cref="Complete"/>; disposing an incomplete
/// writer deletes the partial temporary file.
/// </summary>
public interface IVolumeWriter : IDisposable
{
    /// <summary>Final path of the output.</summary>
    string Path { get; }

    /// <summary>Shape of the whole volume.</summary>
    VolumeShape Shape { get; }

    /// <summary>Element type written.</summary>
    VoxelType VoxelType { get; }

    /// <summary>Number of z sections written so far.</summary>
    int SectionsWritten { get; }

    /// <summary>
    /// Appends whole z sections (a multiple of Y·X voxels, C order). <typeparamref name="T"/> must be the CLR type of
    /// <see cref="VoxelType"/> (sbyte, byte, short, ushort, Half, float, double).
    /// </summary>
    void WriteSlab<T>(ReadOnlySpan<T> voxels) where T : unmanaged;

    /// <summary>Finishes the file (header statistics etc.) and renames it to <see cref="Path"/>. Throws unless every section was written.</summary>
    void Complete();
}
