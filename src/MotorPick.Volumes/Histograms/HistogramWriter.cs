using System.Runtime.InteropServices;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Volumes.Histograms;

/// <summary>An <see cref="IVolumeWriter"/> that only counts uint8 values (<c>bincount(minlength=256)</c>), so a
/// re-spaced tomogram is histogrammed without being stored.</summary>
public sealed class HistogramWriter(VolumeShape shape) : IVolumeWriter
{
    public string Path => "histogram";
    public VolumeShape Shape { get; } = shape;
    public VoxelType VoxelType => VoxelType.UInt8;
    public int SectionsWritten { get; private set; }

    /// <summary>Counts per value 0..255.</summary>
    public long[] Counts { get; } = new long[256];

    public void WriteSlab<T>(ReadOnlySpan<T> voxels) where T : unmanaged
    {
        VoxelType.RequireClrType<T>(Path);
        var bytes = MemoryMarshal.AsBytes(voxels);
        // Four interleaved tables avoid store-to-load stalls on runs of equal values.
        Span<int> t = stackalloc int[1024];
        var i = 0;
        for (; i + 4 <= bytes.Length; i += 4)
        {
            t[bytes[i]]++;
            t[256 + bytes[i + 1]]++;
            t[512 + bytes[i + 2]]++;
            t[768 + bytes[i + 3]]++;
            if ((i & 0x3FFFFFC) == 0x3FFFFFC) Flush(t); // keep int counters far from overflow
        }
        for (; i < bytes.Length; i++) t[bytes[i]]++;
        Flush(t);
        SectionsWritten += (int)(bytes.Length / Shape.SectionVoxels);
    }

    private void Flush(Span<int> t)
    {
        for (var v = 0; v < 256; v++)
        {
            Counts[v] += (long)t[v] + t[256 + v] + t[512 + v] + t[768 + v];
        }
        t.Clear();
    }

    public void Complete()
    {
        if (SectionsWritten != Shape.Z) throw new InvalidOperationException($"{SectionsWritten} of {Shape.Z} sections written");
    }

    public void Dispose() { }
}
