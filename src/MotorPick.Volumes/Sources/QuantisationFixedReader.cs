using System.Runtime.InteropServices;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Volumes.Intensity;

namespace MotorPick.Volumes.Sources;

/// <summary>A reader that applies a <see cref="QuantisationFix"/> to every value it reads, so that whoever reads the
/// volume (training, prediction, review images, histograms) sees the fixed tomogram.</summary>
public sealed class QuantisationFixedReader(IVolumeReader inner, QuantisationFix fix) : IVolumeReader
{
    public QuantisationFix Fix => fix;
    public IVolumeReader Inner => inner;
    public string Source => inner.Source;
    public VolumeShape Shape => inner.Shape;
    public VoxelType VoxelType => inner.VoxelType;
    public VoxelSize VoxelSize => inner.VoxelSize;

    public void ReadSlab<T>(int z0, int zCount, Span<T> destination) where T : unmanaged
    {
        inner.ReadSlab(z0, zCount, destination);
        if (typeof(T) == typeof(byte)) Quantisation.Apply(fix, MemoryMarshal.Cast<T, byte>(destination));
        else if (typeof(T) == typeof(float)) Quantisation.Apply(fix, MemoryMarshal.Cast<T, float>(destination));
        else if (fix != QuantisationFix.None) throw new NotSupportedException($"the quantisation fix reads uint8 or float32, not {typeof(T).Name}");
    }

    public void Dispose() => inner.Dispose();

    /// <summary>The fix every loader applies to <paramref name="tomoId"/>: +127 for the 15 listed competition tomograms
    /// when the volume is uint8 (their JPEG slices, or a lossless copy of them); none otherwise. The portal's int8-as-uint8
    /// reinterpretation is applied when a portal tomogram is fetched (<c>portal fetch --quant-fix</c>), not here.</summary>
    public static QuantisationFix FixFor(string tomoId, VoxelType type) =>
        type == VoxelType.UInt8 && Quantisation.CompetitionIds.Contains(tomoId) ? QuantisationFix.CompetitionPlus127 : QuantisationFix.None;

    /// <summary><paramref name="reader"/> with the fix of <paramref name="tomoId"/> applied (itself when there is none).</summary>
    public static IVolumeReader Wrap(string tomoId, IVolumeReader reader) =>
        FixFor(tomoId, reader.VoxelType) is var f && f != QuantisationFix.None ? new QuantisationFixedReader(reader, f) : reader;
}
