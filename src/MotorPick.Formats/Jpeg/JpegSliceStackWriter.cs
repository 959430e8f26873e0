using System.Runtime.InteropServices;
using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;

namespace MotorPick.Formats.Jpeg;

/// <summary>
/// Writes a JPEG slice stack so that a partial stack is never mistaken for a complete one:
/// <list type="bullet">
/// <item>all slices go to a sibling staging directory <c>&lt;dir&gt;.mp-tmp-&lt;pid&gt;-&lt;guid&gt;</c>
/// (named with <see cref="AtomicFile.TempMarker"/>, so listings of tomograms skip it and
/// <see cref="JpegSliceNames.List"/> refuses it);</item>
/// <item>each slice is written to a temporary name in that directory and renamed, so the staging directory
/// never holds a half-written <c>slice_%04d.jpg</c>;</item>
/// <item><see cref="Complete"/> checks that every z was written and renames the staging directory to
/// <c>&lt;dir&gt;</c> (an existing <c>&lt;dir&gt;</c> is replaced, like the reference, which wiped it first).
/// Disposing without <see cref="Complete"/> deletes the staging directory.</item>
/// </list>
/// Slices may be written in any order (<see cref="WriteSlices"/>), or appended as an <see cref="IVolumeWriter"/>;
/// each slab is encoded in parallel.
/// </summary>
public sealed class JpegSliceStackWriter : IVolumeWriter
{
    /// <summary>Quality of the reference's writers (OpenCV's and this project's default).</summary>
    public const int DefaultQuality = 95;

    private readonly bool[] _written;
    private readonly IJpegCodec _codec;
    private readonly int _maxDop;
    private readonly string? _ownedRoot;
    private bool _completed;
    private int _slicesDone;
    private long _bytesDone;

    /// <param name="ownedRoot">The folder the caller owns: the stack is published only strictly inside it (default: the stack's own folder).</param>
    public JpegSliceStackWriter(string directory, int depth, int height, int width, int quality = DefaultQuality,
        IJpegCodec? codec = null, int maxDegreeOfParallelism = -1, string? ownedRoot = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(quality), quality, "JPEG quality must be 1..100");
        Directory = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        Depth = depth;
        Height = height;
        Width = width;
        Quality = quality;
        _codec = codec ?? NetVipsJpegCodec.Instance;
        _maxDop = maxDegreeOfParallelism;
        _written = new bool[depth];
        _ownedRoot = ownedRoot;
        StagingDirectory = AtomicFile.TempPathFor(Directory);
        System.IO.Directory.CreateDirectory(StagingDirectory);
    }

    /// <summary>The final directory.</summary>
    public string Directory { get; }

    string IVolumeWriter.Path => Directory;

    public VolumeShape Shape => new(Depth, Height, Width);

    public VoxelType VoxelType => VoxelType.UInt8;

    /// <summary>Sections appended through <see cref="WriteSlab{T}"/>.</summary>
    public int SectionsWritten { get; private set; }

    /// <summary>Appends uint8 sections after the ones already appended (the <see cref="IVolumeWriter"/> way).</summary>
    public void WriteSlab<T>(ReadOnlySpan<T> voxels) where T : unmanaged
    {
        VoxelType.RequireClrType<T>(Directory);
        // Copy: parallel encoding needs memory that lambdas can hold (a slab is a few planes).
        var bytes = MemoryMarshal.AsBytes(voxels).ToArray();
        WriteSlices(SectionsWritten, bytes);
        SectionsWritten += bytes.Length / (Height * Width);
    }

    /// <summary>Where slices go until <see cref="Complete"/>.</summary>
    public string StagingDirectory { get; }

    public int Depth { get; }
    public int Height { get; }
    public int Width { get; }
    public int Quality { get; }

    /// <summary>Encodes and writes slices <paramref name="z0"/>.. from ZYX <paramref name="planes"/>
    /// (a whole number of Height x Width planes), in parallel.</summary>
    public void WriteSlices(int z0, ReadOnlyMemory<byte> planes)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var sliceBytes = Height * Width;
        if (planes.Length % sliceBytes != 0)
            throw new ArgumentException($"{planes.Length} bytes is not a whole number of {Height}x{Width} slices", nameof(planes));
        var count = planes.Length / sliceBytes;
        if (z0 < 0 || z0 + count > Depth)
            throw new ArgumentOutOfRangeException(nameof(z0), $"slices {z0}..{z0 + count - 1} are outside 0..{Depth - 1}");
        ParallelSlices.For(count, _maxDop, i =>
        {
            var jpeg = _codec.EncodeGray(planes.Span.Slice(i * sliceBytes, sliceBytes), Width, Height, Quality);
            WriteSliceFile(z0 + i, jpeg);
        });
    }

    /// <summary>Writes one already encoded slice.</summary>
    public void WriteEncoded(int z, ReadOnlySpan<byte> jpeg)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(z);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(z, Depth);
        WriteSliceFile(z, jpeg);
    }

    /// <summary>Checks that every slice was written and publishes the stack under <see cref="Directory"/>.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var missing = Array.IndexOf(_written, false);
        if (missing >= 0)
            throw new InvalidOperationException($"slice {JpegSliceNames.FileName(missing)} of {Directory} was never written");
        if (File.Exists(Directory)) throw new MotorPickException("output exists and is a file, not a slice directory", Directory);
        AtomicFile.PublishDirectory(StagingDirectory, Directory, _ownedRoot);
        _completed = true;
    }

    public void Dispose()
    {
        if (!_completed) TryDeleteDirectory(StagingDirectory);
        _completed = true;
    }

    private void WriteSliceFile(int z, ReadOnlySpan<byte> jpeg)
    {
        var final = Path.Combine(StagingDirectory, JpegSliceNames.FileName(z));
        var tmp = AtomicFile.TempPathFor(final);
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                stream.Write(jpeg);
            File.Move(tmp, final, overwrite: true);
        }
        catch (IOException ex)
        {
            try { File.Delete(tmp); } catch (IOException) { }
            // Name the slice under the final directory (the staging name means nothing to a user).
            var shown = Path.Combine(Directory, JpegSliceNames.FileName(z));
            if (DiskSpace.IsDiskFull(ex))
            {
                // The staged slices go when this writer is disposed, and a rerun writes the whole stack again.
                var (total, staged) = EstimateStackBytes(jpeg.Length);
                throw DiskSpace.Full(shown, total, ex, freedOnCleanup: staged);
            }
            throw new MotorPickException($"cannot write the slice ({ex.Message})", shown, inner: ex);
        }
        lock (_written)
        {
            _written[z] = true;
            _slicesDone++;
            _bytesDone += DiskSpace.OnDisk(jpeg.Length);
        }
    }

    /// <summary>The whole stack at the mean size of the slices written so far, and the bytes staged already.</summary>
    private (long Total, long Staged) EstimateStackBytes(int failedSliceBytes)
    {
        lock (_written)
        {
            var mean = _slicesDone > 0 ? (double)_bytesDone / _slicesDone : DiskSpace.OnDisk(failedSliceBytes);
            return ((long)Math.Ceiling(mean * Depth), _bytesDone);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try { System.IO.Directory.Delete(path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
