using MotorPick.Tests;

namespace MotorPick.Core.Tests;

/// <summary>A rename is durable only once the renamed bytes and the folder holding the new name are on disk.</summary>
public class AtomicFileDurabilityTests
{
    [Fact]
    public void An_atomic_write_flushes_its_folder_after_the_rename()
    {
        using var dir = Fixtures.TempDir();
        var root = Path.GetFullPath(dir.Path).TrimEnd('/');
        var final = Path.Combine(root, "cand.csv");
        var seen = Watch(root, () => AtomicFile.WriteAllText(final, "tomo_id\n"), () => File.Exists(final));
        Assert.Equal([(root, true)], seen);
    }

    [Fact]
    public void Publishing_a_directory_flushes_every_file_and_folder_before_the_rename_and_the_parent_once_after()
    {
        using var dir = Fixtures.TempDir();
        var root = Path.GetFullPath(dir.Path).TrimEnd('/');
        var final = Path.Combine(root, "tomo_a");
        Directory.CreateDirectory(final); // an older output, replaced
        var staging = AtomicFile.TempPathFor(final);
        Directory.CreateDirectory(Path.Combine(staging, "0"));
        foreach (var name in new[] { "slice_0000.jpg", "slice_0001.jpg", "0/0.0" }) File.WriteAllText(Path.Combine(staging, name), name);

        var seen = Watch(root, () => AtomicFile.PublishDirectory(staging, final), () => File.Exists(Path.Combine(final, "slice_0000.jpg")));
        var before = seen.Where(s => !s.Published).Select(s => Path.GetRelativePath(staging, s.Path)).Order(StringComparer.Ordinal);
        Assert.Equal([".", "0", "0/0.0", "slice_0000.jpg", "slice_0001.jpg"], before);
        Assert.Equal([root], seen.Where(s => s.Published).Select(s => s.Path));
        Assert.Equal((root, true), seen[^1]);
    }

    private static List<(string Path, bool Published)> Watch(string root, Action act, Func<bool> published)
    {
        var seen = new List<(string, bool)>();
        FileSync.Observer = p =>
        {
            if (p.StartsWith(root, StringComparison.Ordinal)) lock (seen) seen.Add((p.TrimEnd('/'), published()));
        };
        try { act(); }
        finally { FileSync.Observer = null; }
        return seen;
    }
}
