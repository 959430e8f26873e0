using MotorPick.Tests;

namespace MotorPick.Core.Tests;

public class OwnedPathsTests
{
    [Fact]
    public void PublishDirectory_refuses_a_target_outside_its_root_and_moves_nothing()
    {
        using var dir = Fixtures.TempDir();
        var root = Directory.CreateDirectory(dir.File("out")).FullName;
        var victim = Directory.CreateDirectory(dir.File("victim")).FullName;
        File.WriteAllText(Path.Combine(victim, "data.txt"), "keep");
        var staging = Directory.CreateDirectory(Path.Combine(root, "x" + AtomicFile.TempMarker + "1-a")).FullName;

        var ex = Assert.Throws<MotorPickException>(() => AtomicFile.PublishDirectory(staging, Path.Combine(root, "..", "victim")));
        Assert.Contains("not inside", ex.Message);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(victim, "data.txt")));
        Assert.True(Directory.Exists(staging));
    }

    [Fact]
    public void PublishDirectory_refuses_to_replace_its_own_root()
    {
        using var dir = Fixtures.TempDir();
        var root = Directory.CreateDirectory(dir.File("out")).FullName;
        File.WriteAllText(Path.Combine(root, "keep.txt"), "keep");
        var staging = Directory.CreateDirectory(dir.File("s" + AtomicFile.TempMarker + "1-a")).FullName;

        // A slice folder named '..' under out/tomogram is out itself.
        Assert.Throws<MotorPickException>(() => AtomicFile.PublishDirectory(staging, Path.Combine(root, "tomogram", ".."), ownedRoot: root));
        Assert.True(File.Exists(Path.Combine(root, "keep.txt")));
    }

    [Fact]
    public void PublishDirectory_refuses_a_target_behind_a_link_to_another_folder()
    {
        using var dir = Fixtures.TempDir();
        var root = Directory.CreateDirectory(dir.File("out")).FullName;
        var elsewhere = Directory.CreateDirectory(dir.File("elsewhere")).FullName;
        Directory.CreateDirectory(Path.Combine(elsewhere, "tomo_1"));
        File.WriteAllText(Path.Combine(elsewhere, "tomo_1", "data.txt"), "keep");
        Directory.CreateSymbolicLink(Path.Combine(root, "tomogram"), elsewhere);
        var staging = Directory.CreateDirectory(Path.Combine(root, "s" + AtomicFile.TempMarker + "1-a")).FullName;

        Assert.Throws<MotorPickException>(() => AtomicFile.PublishDirectory(staging, Path.Combine(root, "tomogram", "tomo_1"), ownedRoot: root));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(elsewhere, "tomo_1", "data.txt")));
    }

    [Fact]
    public void PublishDirectory_inside_its_root_replaces_the_old_output()
    {
        using var dir = Fixtures.TempDir();
        var final = dir.File("stack");
        Directory.CreateDirectory(final);
        File.WriteAllText(Path.Combine(final, "old.txt"), "old");
        var staging = Directory.CreateDirectory(AtomicFile.TempPathFor(Path.GetFullPath(final))).FullName;
        File.WriteAllText(Path.Combine(staging, "new.txt"), "new");

        AtomicFile.PublishDirectory(staging, final);
        Assert.Equal(["new.txt"], Directory.GetFiles(final).Select(Path.GetFileName));
        Assert.Equal([final], Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void RealPath_follows_links_in_the_existing_part()
    {
        using var dir = Fixtures.TempDir();
        var target = Directory.CreateDirectory(dir.File("target")).FullName;
        Directory.CreateSymbolicLink(dir.File("link"), "target");
        Assert.Equal(Path.Combine(target, "a", "b"), OwnedPaths.RealPath(Path.Combine(dir.Path, "link", "a", "b")));
        Assert.True(OwnedPaths.IsStrictlyInside(dir.Path, target));
        Assert.False(OwnedPaths.IsStrictlyInside(dir.Path, dir.Path));
        Assert.False(OwnedPaths.IsStrictlyInside(target, dir.Path + "-other"));
    }
}
