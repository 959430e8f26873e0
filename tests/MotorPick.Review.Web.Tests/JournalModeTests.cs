using MotorPick.Curation.Review;
using MotorPick.Review.Web.Storage;

namespace MotorPick.Review.Web.Tests;

/// <summary>The decisions database's journal: WAL only on a local file system, the rollback journal on NFS, Lustre and the like; every commit synced.</summary>
public sealed class JournalModeTests : IDisposable
{
    private readonly ReviewData _data = new(depth: 8, height: 32, width: 32);

    // Lines as the kernel writes them (proc(5)): a local root, an NFS home, a Lustre scratch, a GPFS project, a CIFS share with a space.
    private const string MountInfo =
        "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n" +
        "40 22 0:45 / /home rw,relatime shared:30 - nfs4 server:/export/home rw,vers=4.2\n" +
        "41 22 0:46 / /scratch rw,relatime - lustre 10.0.0.1@o2ib:/scratch rw,flock\n" +
        "42 22 0:47 / /gpfs/project rw,relatime - gpfs project rw\n" +
        "43 22 0:48 / /mnt/lab\\040share rw,relatime - cifs //nas/lab rw\n" +
        "44 22 0:49 / /tmp rw,nosuid - tmpfs tmpfs rw\n" +
        "45 40 0:50 / /home/alice/local rw - xfs /dev/sdb1 rw\n";

    [Theory]
    [InlineData("/home/alice/review/review-decisions.sqlite", "nfs4", JournalMode.Delete)]
    [InlineData("/scratch/run1/review/review-decisions.sqlite", "lustre", JournalMode.Delete)]
    [InlineData("/gpfs/project/review/d.sqlite", "gpfs", JournalMode.Delete)]
    [InlineData("/mnt/lab share/review/d.sqlite", "cifs", JournalMode.Delete)]
    [InlineData("/mnt/lab/review/d.sqlite", "ext4", JournalMode.Wal)]
    [InlineData("/tmp/review/d.sqlite", "tmpfs", JournalMode.Wal)]
    [InlineData("/home/alice/local/review/d.sqlite", "xfs", JournalMode.Wal)]
    [InlineData("/homework/d.sqlite", "ext4", JournalMode.Wal)]
    public void Auto_uses_wal_only_on_a_local_file_system(string path, string fileSystem, JournalMode expected)
    {
        Assert.Equal((expected, fileSystem), JournalChoice.Resolve(JournalMode.Auto, path, MountInfo));
        Assert.Equal((JournalMode.Delete, fileSystem), JournalChoice.Resolve(JournalMode.Delete, path, MountInfo));
    }

    [Fact]
    public void An_unknown_file_system_gets_the_rollback_journal()
    {
        Assert.Equal(JournalMode.Delete, JournalChoice.Resolve(JournalMode.Auto, "/data/x.sqlite", "1 0 0:1 / /data rw - fuse.sshfs host:/ rw\n").Mode);
        Assert.Equal(JournalMode.Delete, JournalChoice.Resolve(JournalMode.Auto, "/data/x.sqlite", "").Mode);
    }

    [Fact]
    public void The_store_uses_the_rollback_journal_when_asked_and_syncs_every_commit()
    {
        using var store = DecisionStore.Open(Path.Combine(_data.Root, "delete.sqlite"), _data.Review, journal: JournalMode.Delete);
        Assert.Equal("delete", store.Journal);
        Assert.Equal(2, store.Synchronous()); // FULL
        store.Apply(0, "alice", TagAction.Add, [1]);
        Assert.False(File.Exists(Path.Combine(_data.Root, "delete.sqlite-wal")));
        Assert.Single(store.History());
    }

    [Fact]
    public void A_database_left_in_wal_is_switched_to_the_rollback_journal_with_its_decisions()
    {
        var path = Path.Combine(_data.Root, "old.sqlite");
        using (var wal = DecisionStore.Open(path, _data.Review, journal: JournalMode.Wal))
        {
            Assert.Equal("wal", wal.Journal);
            wal.Apply(0, "alice", TagAction.Add, [1]);
        }
        using var store = DecisionStore.Open(path, _data.Review, journal: JournalMode.Delete);
        Assert.Equal("delete", store.Journal);
        Assert.Equal([1], store.Current("alice").Single().Tags);
    }

    [Fact]
    public void Auto_on_this_machine_follows_the_file_system_of_the_review_folder()
    {
        using var store = DecisionStore.Open(Path.Combine(_data.Root, "auto.sqlite"), _data.Review);
        var expected = JournalChoice.IsLocal(store.FileSystem) ? "wal" : "delete";
        Assert.Equal(expected, store.Journal);
        Assert.Equal(2, store.Synchronous());
        Assert.Equal(JournalChoice.FileSystemType(_data.Root), store.FileSystem);
    }

    public void Dispose() => _data.Dispose();
}
