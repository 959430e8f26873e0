using MotorPick.Volumes.Files;

namespace MotorPick.Volumes.Sources;

/// <summary>One tomogram of a <see cref="TomogramDirectory"/>: its checked id, the volume (a JPEG slice folder, an MRC
/// or NPY file, an OME-Zarr store), its format, and the root it was found under (for messages).</summary>
public sealed record TomogramEntry(string TomoId, string Path, VolumeFormat Format, string Root)
{
    /// <summary>The bytes on disk (the work of the tomogram, for balancing shards): the slices of a JPEG folder, the
    /// files of a store, the size of a file.</summary>
    public long Bytes => File.Exists(Path) ? new FileInfo(Path).Length
        : Directory.Exists(Path) ? new DirectoryInfo(Path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
}
