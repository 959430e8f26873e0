using MotorPick.Core;
using MotorPick.Core.Sharding;

namespace MotorPick.Volumes.Files;

/// <summary>One volume of a directory of volumes: its name (the file name without extension) and path.</summary>
public sealed record VolumeEntry(string Name, string Path, long Bytes);

/// <summary>What a directory conversion did.</summary>
public sealed record DirectoryConversionResult(IReadOnlyList<string> Converted, IReadOnlyList<string> Skipped, int Total);

/// <summary>
/// Converts every volume of a directory (MRC/NPY files, OME-Zarr and JPEG-stack sub-directories) into one output
/// directory, one output per volume: <c>&lt;out&gt;/&lt;name&gt;.mrc</c> etc., or <c>&lt;out&gt;/&lt;name&gt;/</c> for JPEG stacks.
/// Each output appears only when complete (the writers rename on completion), so a volume whose output exists is
/// skipped: a rerun, or a rerun of one shard (<see cref="Shard"/>, balanced by input bytes), finishes only what is missing,
/// after deleting what a killed run left of the volume it was converting (temporary files, staging directories).
/// </summary>
public static class VolumeDirectoryConversion
{
    /// <summary>True when <paramref name="path"/> is a directory that is not itself a volume (OME-Zarr or JPEG stack).</summary>
    public static bool IsCollection(string path)
    {
        if (!Directory.Exists(path)) return false;
        try { VolumeFiles.Detect(path); return false; }
        catch (MotorPickException) { return true; }
    }

    /// <summary>The volumes directly inside <paramref name="dir"/>, by name; other entries are ignored.</summary>
    public static IReadOnlyList<VolumeEntry> List(string dir)
    {
        if (!Directory.Exists(dir)) throw new MotorPickException("input directory not found", dir);
        var entries = new List<VolumeEntry>();
        foreach (var path in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(path);
            if (name.StartsWith('.') || AtomicFile.IsTempName(name)) continue;
            long bytes;
            if (Directory.Exists(path))
            {
                try { VolumeFiles.Detect(path); } catch (MotorPickException) { continue; }
                bytes = new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            }
            else
            {
                try { VolumeFiles.Detect(path); } catch (MotorPickException) { continue; }
                bytes = new FileInfo(path).Length;
            }
            entries.Add(new VolumeEntry(System.IO.Path.GetFileNameWithoutExtension(name.TrimEnd('/')), path, bytes));
        }
        var twice = entries.GroupBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new MotorPickException($"two volumes would convert to the same name '{twice.Key}': {string.Join(", ", twice.Select(e => System.IO.Path.GetFileName(e.Path)))}", dir);
        if (entries.Count == 0) throw new MotorPickException("no volumes (.mrc/.rec/.map/.st/.ali, .npy, OME-Zarr or JPEG slice directories) in the directory", dir);
        return entries;
    }

    /// <summary>The output path of a volume named <paramref name="name"/> in <paramref name="outputDir"/>.</summary>
    public static string OutputPath(string outputDir, string name, VolumeFormat to) => System.IO.Path.Combine(outputDir, to switch
    {
        VolumeFormat.Mrc => name + ".mrc",
        VolumeFormat.Npy => name + ".npy",
        VolumeFormat.OmeZarr => name + ".zarr",
        _ => name,
    });

    public static DirectoryConversionResult Convert(string inputDir, string outputDir, VolumeFormat to, ConversionOptions options, Shard? shard = null,
        IProgress<(int Done, int Total, string Name)>? progress = null, CancellationToken cancellation = default)
    {
        var all = List(inputDir);
        var byName = all.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var mine = ShardAssignment.Select(byName.Keys, shard, name => byName[name].Bytes);
        Directory.CreateDirectory(outputDir);
        var converted = new List<string>();
        var skipped = new List<string>();
        for (var i = 0; i < mine.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var entry = byName[mine[i]];
            var output = OutputPath(outputDir, entry.Name, to);
            // a killed conversion leaves its temporary file or staging directory: remove it (this volume is ours: shard + lock)
            OutputLock.DeleteLeftoversOf(output);
            if (File.Exists(output) || Directory.Exists(output)) skipped.Add(entry.Name);
            else
            {
                VolumeConversion.Convert(entry.Path, output, options, null, cancellation);
                converted.Add(entry.Name);
            }
            progress?.Report((i + 1, mine.Count, entry.Name));
        }
        return new DirectoryConversionResult(converted, skipped, mine.Count);
    }
}
