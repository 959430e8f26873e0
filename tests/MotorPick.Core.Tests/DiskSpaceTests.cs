using MotorPick.Core;
using MotorPick.Tests;

namespace MotorPick.Core.Tests;

/// <summary>How a full disk is recognised and described (the mounted-filesystem tests are in MotorPick.DiskFull.Tests).</summary>
public class DiskSpaceTests
{
    private static IOException Errno(int code) => new("No space left on device", code);

    [Fact]
    public void Enospc_and_edquot_are_a_full_disk_also_inside_wrappers_and_aggregates()
    {
        Assert.True(DiskSpace.IsDiskFull(Errno(DiskSpace.ENOSPC)));
        Assert.True(DiskSpace.IsDiskFull(Errno(DiskSpace.EDQUOT)));
        Assert.False(DiskSpace.IsDiskFull(Errno(5)));
        Assert.False(DiskSpace.IsDiskFull(new InvalidOperationException("x")));
        var wrapped = new AggregateException(new InvalidOperationException("other"), new MotorPickException("slice", "/x", inner: Errno(28)));
        Assert.True(DiskSpace.IsDiskFull(wrapped));
    }

    [Fact]
    public void The_message_names_the_path_the_space_needed_and_free_and_what_to_do()
    {
        var ex = new DiskFullException("/out/tomo/slice_0003.jpg", 1536 * 1024, 300 * 1024, "/out");
        Assert.Equal("No space left on device writing /out/tomo/slice_0003.jpg: needed about 1.2 MB more (1.5 MB to write, 300.0 KB free on /out); " +
            "free space and rerun (completed outputs are kept)", ex.Message);
        Assert.Equal("/out/tomo/slice_0003.jpg", ex.Path);
        var pre = new DiskFullException("/out/a.mrc", 2L << 30, 1L << 30, "/out", preflight: true);
        Assert.Equal("Not enough space for /out/a.mrc: needs about 2.00 GB, 1.00 GB free on /out; free at least 1.00 GB and rerun (completed outputs are kept)", pre.Message);
    }

    [Fact]
    public void Free_space_is_known_for_a_path_that_does_not_exist_yet_and_a_check_passes_when_it_fits()
    {
        using var tmp = Fixtures.TempDir();
        var free = DiskSpace.AvailableBytes(tmp.File("not/yet/there.csv"));
        Assert.NotNull(free);
        Assert.True(free > 0);
        Assert.NotNull(DiskSpace.MountPoint(tmp.Path));
        DiskSpace.EnsureAvailable(tmp.File("a.bin"), 1);
        var ex = Assert.Throws<DiskFullException>(() => DiskSpace.EnsureAvailable(tmp.File("a.bin"), long.MaxValue / 2));
        Assert.True(ex.Preflight);
        Assert.False(File.Exists(tmp.File("a.bin")));
    }

    [Fact]
    public void Atomic_write_that_hits_a_full_disk_removes_its_temporary_file_and_names_the_final_path()
    {
        using var tmp = Fixtures.TempDir();
        var target = tmp.File("out.csv");
        var ex = Assert.Throws<DiskFullException>(() => AtomicFile.Write(target, s =>
        {
            s.Write(new byte[5000]);
            throw Errno(DiskSpace.ENOSPC);
        }));
        Assert.Equal(target, ex.Path);
        Assert.Equal(8192, ex.BytesNeeded); // at least the 5000 bytes handed over, in whole 4 KiB blocks
        Assert.StartsWith($"No space left on device writing {target}: needed at least ", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void Sizes_read_as_people_write_them()
    {
        Assert.Equal("812 bytes", DiskSpace.Format(812));
        Assert.Equal("3.4 KB", DiskSpace.Format(3482));
        Assert.Equal("12.0 MB", DiskSpace.Format(12L << 20));
        Assert.Equal(4096, DiskSpace.OnDisk(1));
        Assert.Equal(0, DiskSpace.OnDisk(0));
    }
}
