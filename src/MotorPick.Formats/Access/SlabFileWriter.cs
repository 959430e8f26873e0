using System.Runtime.InteropServices;
using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Access;

/// <summary>
/// Base of the streaming MRC and NPY writers: voxels are appended z slab by z slab to a temporary file after a
/// reserved header, the header is written last (it may hold statistics), and the file is renamed into place
/// (the <see cref="AtomicFile"/> convention). Disposing without <see cref="Complete"/> deletes the temporary file.
/// </summary>
public abstract class SlabFileWriter : IVolumeWriter
{
    private readonly string _tempPath;
    private FileStream? _stream;
    private bool _completed;

    protected SlabFileWriter(string path, VolumeShape shape, VoxelType type, int headerBytes)
    {
        if (!shape.IsPositive) throw new MotorPickException($"cannot write a volume of shape {shape}", path);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("MotorPick writers need a little-endian host");
        Path = System.IO.Path.GetFullPath(path);
        Shape = shape;
        VoxelType = type;
        HeaderBytes = headerBytes;
        var dir = System.IO.Path.GetDirectoryName(Path) ?? ".";
        Directory.CreateDirectory(dir);
        _tempPath = AtomicFile.TempPathFor(Path);
        // The size is exact, so a filesystem known to be too small is refused before anything is written.
        DiskSpace.EnsureAvailable(Path, DiskSpace.OnDisk(TotalBytes));
        try
        {
            _stream = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
            _stream.SetLength(headerBytes);
            _stream.Position = headerBytes;
        }
        catch (IOException ex) when (DiskSpace.IsDiskFull(ex))
        {
            throw Full(ex);
        }
    }

    /// <summary>Size of the finished file: header and voxels.</summary>
    public long TotalBytes => HeaderBytes + Shape.VoxelCount * VoxelType.Size();

    public string Path { get; }

    public VolumeShape Shape { get; }

    public VoxelType VoxelType { get; }

    public int SectionsWritten { get; private set; }

    /// <summary>Bytes reserved for the header before the first voxel.</summary>
    protected int HeaderBytes { get; }

    public void WriteSlab<T>(ReadOnlySpan<T> voxels) where T : unmanaged
    {
        var stream = _stream ?? throw new ObjectDisposedException(GetType().Name);
        if (_completed) throw new InvalidOperationException("the writer is already complete");
        VoxelType.RequireClrType<T>(Path);
        long section = Shape.SectionVoxels;
        if (voxels.Length % section != 0)
            throw new ArgumentException($"a slab must hold whole sections of {Shape.Y}x{Shape.X} voxels; got {voxels.Length} voxels", nameof(voxels));
        int sections = (int)(voxels.Length / section);
        if (SectionsWritten + sections > Shape.Z)
            throw new ArgumentException($"writing {sections} more sections would exceed the {Shape.Z} sections of {Shape}", nameof(voxels));
        OnSlab(voxels);
        const int maxElements = 1 << 26;
        try
        {
            for (int i = 0; i < voxels.Length; i += maxElements)
                stream.Write(MemoryMarshal.AsBytes(voxels.Slice(i, Math.Min(maxElements, voxels.Length - i))));
        }
        catch (IOException ex) when (DiskSpace.IsDiskFull(ex))
        {
            throw Full(ex);
        }
        catch (IOException ex)
        {
            throw new MotorPickException($"writing failed: {ex.Message}", Path, inner: ex);
        }
        SectionsWritten += sections;
    }

    public void Complete()
    {
        var stream = _stream ?? throw new ObjectDisposedException(GetType().Name);
        if (_completed) return;
        if (SectionsWritten != Shape.Z)
            throw new InvalidOperationException($"only {SectionsWritten} of {Shape.Z} sections were written to {Path}");
        var header = BuildHeader();
        if (header.Length != HeaderBytes) throw new InvalidOperationException("header size changed while writing");
        try
        {
            stream.Position = 0;
            stream.Write(header);
            stream.Flush(flushToDisk: true);
            stream.Dispose();
            _stream = null;
            File.Move(_tempPath, Path, overwrite: true);
        }
        catch (IOException ex) when (DiskSpace.IsDiskFull(ex))
        {
            throw Full(ex);
        }
        catch (IOException ex)
        {
            throw new MotorPickException($"writing failed: {ex.Message}", Path, inner: ex);
        }
        _completed = true;
    }

    /// <summary>Sees every slab before it is written (e.g. to accumulate header statistics).</summary>
    protected virtual void OnSlab<T>(ReadOnlySpan<T> voxels) where T : unmanaged
    {
    }

    /// <summary>The final header, exactly <see cref="HeaderBytes"/> long.</summary>
    protected abstract byte[] BuildHeader();

    public void Dispose()
    {
        DiscardTemp();
        GC.SuppressFinalize(this);
    }

    /// <summary>A full disk: the temporary file goes first, so that the message states the space really free.</summary>
    private DiskFullException Full(IOException ex)
    {
        DiscardTemp();
        return DiskSpace.Full(Path, DiskSpace.OnDisk(TotalBytes), ex);
    }

    private void DiscardTemp()
    {
        if (_stream is not null)
        {
            // Disposing flushes buffered bytes, which fails again on a full disk; the file is deleted either way.
            try { _stream.Dispose(); } catch (IOException) { }
            _stream = null;
        }
        if (!_completed)
        {
            try { File.Delete(_tempPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
