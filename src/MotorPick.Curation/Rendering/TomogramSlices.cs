using MotorPick.Core;
using MotorPick.Curation.Review;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Volumes.Sources;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Curation.Rendering;

/// <summary>
/// The z slices of a review item's tomogram as the reviewer sees them: opened through the data source (any format, the
/// quantisation fix applied), checked against the shape in review.json, read one slice at a time. Review images show
/// uint8 volumes (the competition's JPEG slices, or uint8 MRC/NPY/zarr).
/// </summary>
public sealed class TomogramSlices : IDisposable
{
    private readonly IVolumeReader _reader;
    private readonly (double Lower, double Upper)? _window;
    private readonly object _gate = new();

    private TomogramSlices(IVolumeReader reader, string path, (double Lower, double Upper)? window)
    {
        _reader = reader;
        Path = path;
        _window = window;
    }

    /// <summary>The volume's path (a JPEG slice folder, a file or a store).</summary>
    public string Path { get; }

    public int Depth => _reader.Shape.Z;

    public long SliceBytes => _reader.Shape.SectionVoxels;

    public static TomogramSlices Open(TomogramDirectory data, ReviewItem item)
    {
        var entry = data.Get(item.TomoId);
        var reader = data.OpenVolume(item.TomoId);
        try
        {
            var s = reader.Shape;
            if (s.Z != item.Shape.Z || s.Y != item.Shape.Y || s.X != item.Shape.X)
                throw new MotorPickException($"the stack is {s.Z}x{s.Y}x{s.X} but review.json says {item.Shape.Z}x{item.Shape.Y}x{item.Shape.X}", entry.Path);
            return new TomogramSlices(reader, entry.Path, ModelInput.WindowOf(reader));
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>Slice <paramref name="z"/> as Y x X bytes.</summary>
    public byte[] Read(int z)
    {
        var buffer = GC.AllocateUninitializedArray<byte>((int)SliceBytes);
        if (_window is not { } window)
        {
            lock (_gate) _reader.ReadSlab<byte>(z, 1, buffer);
            return buffer;
        }
        var values = GC.AllocateUninitializedArray<float>((int)SliceBytes);
        lock (_gate) _reader.ReadSlab<float>(z, 1, values);
        ModelInput.ToGreyLevels(values, window, buffer);
        return buffer;
    }

    /// <summary>What slice z is made from (its JPEG file, or the volume file), for cache fingerprints.</summary>
    public string SourceFile(int z)
    {
        var slice = System.IO.Path.Combine(Path, Formats.Jpeg.JpegSliceNames.FileName(z));
        return File.Exists(slice) ? slice : Path;
    }

    public void Dispose() => _reader.Dispose();
}
