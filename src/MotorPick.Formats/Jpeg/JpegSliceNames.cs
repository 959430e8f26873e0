using System.Globalization;
using MotorPick.Core;

namespace MotorPick.Formats.Jpeg;

/// <summary>
/// The competition layout of a slice stack: <c>&lt;dir&gt;/slice_%04d.jpg</c>, one file per z, numbered
/// contiguously from <c>slice_0000.jpg</c>. The check is strict because a missing or stray slice silently
/// shifts every z coordinate of the labels.
/// </summary>
public static class JpegSliceNames
{
    /// <summary>The file name of slice <paramref name="z"/> (Python's <c>f"slice_{z:04d}.jpg"</c>).</summary>
    public static string FileName(int z) => "slice_" + z.ToString("D4", CultureInfo.InvariantCulture) + ".jpg";

    /// <summary>
    /// The slice files of <paramref name="directory"/> in z order. Throws <see cref="MotorPickException"/> naming
    /// the offending file for a gap, a duplicate spelling, an unexpected entry, a temporary file of an interrupted
    /// write, or an empty directory.
    /// </summary>
    public static IReadOnlyList<string> List(string directory)
    {
        if (!Directory.Exists(directory))
            throw new MotorPickException("JPEG slice directory not found", directory);
        var byZ = new SortedDictionary<int, string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            var name = Path.GetFileName(entry);
            if (AtomicFile.IsTempName(name))
                throw new MotorPickException("temporary file of an unfinished write found; the stack is incomplete, write it again", entry);
            var z = ParseIndex(name);
            if (z is null || Directory.Exists(entry))
                throw new MotorPickException("unexpected entry in a JPEG slice directory (only slice_%04d.jpg files are allowed)", entry);
            byZ.Add(z.Value, entry);
        }
        if (byZ.Count == 0) throw new MotorPickException("no slice_%04d.jpg files in the directory", directory);
        var list = new List<string>(byZ.Count);
        var expected = 0;
        foreach (var (z, path) in byZ)
        {
            if (z != expected)
                throw new MotorPickException($"slice {FileName(expected)} is missing (slices must be contiguous from {FileName(0)}; next present is {Path.GetFileName(path)})",
                    Path.Combine(directory, FileName(expected)));
            list.Add(path);
            expected++;
        }
        return list;
    }

    /// <summary>The z of a well-formed slice name, or null. Only the exact <c>%04d</c> spelling is accepted
    /// (<c>slice_12.jpg</c> and <c>slice_00012.jpg</c> are not slice 12).</summary>
    public static int? ParseIndex(string fileName)
    {
        const string prefix = "slice_", suffix = ".jpg";
        if (!fileName.StartsWith(prefix, StringComparison.Ordinal) || !fileName.EndsWith(suffix, StringComparison.Ordinal)) return null;
        var digits = fileName.AsSpan(prefix.Length, fileName.Length - prefix.Length - suffix.Length);
        if (digits.Length < 4 || digits.Length > 9) return null;
        foreach (var c in digits) if (c is < '0' or > '9') return null;
        var z = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return FileName(z) == fileName ? z : null;
    }
}
