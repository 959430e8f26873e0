using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MotorPick.Volumes.Caching;

/// <summary>
/// What a cached re-spaced volume was made from: the source (full path plus a fingerprint of its files' sizes and
/// modification times, so an edited or replaced tomogram is decoded again), the two spacings and the arithmetic
/// (<paramref name="Method"/>, e.g. "torch-trilinear-trunc/fix=None"). Two callers that produce the same bytes must
/// pass the same method text, and callers whose bytes differ must not.
/// </summary>
public sealed record VolumeCacheKey(string SourcePath, double OriginalSpacing, double TargetSpacing, string Method)
{
    /// <summary>The method text of the reference's load (F.interpolate trilinear, align_corners=False, truncation to
    /// uint8) after the quantisation fix <paramref name="fix"/>: what training's and predict's loads both compute.</summary>
    public static string TorchTrilinearUInt8(Intensity.QuantisationFix fix) => $"torch-trilinear/uint8-trunc/fix={fix}";

    /// <summary>The key as one line of text (stored in the entry and compared on every hit).</summary>
    public string Describe()
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(SourcePath));
        var (files, bytes, newest) = Fingerprint(full);
        return string.Create(CultureInfo.InvariantCulture,
            $"v1|{full}|files={files}|bytes={bytes}|mtime={newest}|ori={OriginalSpacing:R}|target={TargetSpacing:R}|method={Method}");
    }

    /// <summary>The entry's file name: a digest of <see cref="Describe"/> (never a name from outside).</summary>
    public static string FileNameFor(string description) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(description)).AsSpan(0, 16)) + VolumeCache.Extension;

    /// <summary>File count, total bytes and newest modification time (ticks, UTC) of a file or of every file under a folder
    /// (a JPEG slice stack, an OME-Zarr tree).</summary>
    private static (long Files, long Bytes, long Newest) Fingerprint(string path)
    {
        if (File.Exists(path))
        {
            var f = new FileInfo(path);
            return (1, f.Length, f.LastWriteTimeUtc.Ticks);
        }
        if (!Directory.Exists(path)) throw new Core.MotorPickException("the volume to load does not exist", path);
        long files = 0, bytes = 0, newest = new DirectoryInfo(path).LastWriteTimeUtc.Ticks;
        foreach (var f in new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            files++;
            bytes += f.Length;
            newest = Math.Max(newest, f.LastWriteTimeUtc.Ticks);
        }
        return (files, bytes, newest);
    }
}
