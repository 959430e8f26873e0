using System.Diagnostics;
using MotorPick.Core;
using MotorPick.Tests;

namespace MotorPick.DiskFull.Tests;

/// <summary>
/// A size-limited tmpfs mounted on a fresh directory, for running commands into a full disk. Needs Linux and root (CI
/// runs as root); it is always unmounted and removed on <see cref="Dispose"/>, also when the test failed.
/// </summary>
public sealed class SmallFilesystem : IDisposable
{
    public const string Install = "run the tests as root on Linux, where 'mount -t tmpfs' works";

    private static readonly Lazy<string?> Unavailable = new(Probe);
    private readonly TempDir _parent = Fixtures.TempDir();
    private bool _mounted;

    public SmallFilesystem(int sizeKiB)
    {
        Path = System.IO.Path.Combine(_parent.Path, "small");
        Directory.CreateDirectory(Path);
        try
        {
            Mount(Path, $"size={sizeKiB}k");
            _mounted = true;
        }
        catch
        {
            _parent.Dispose();
            throw;
        }
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Null where small filesystems can be mounted here, else why not.</summary>
    public static string? Problem => Unavailable.Value;

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Bytes free on the filesystem now.</summary>
    public long Free => DiskSpace.AvailableBytes(Path) ?? throw new InvalidOperationException("free space unknown on " + Path);

    /// <summary>Grows (or shrinks) the filesystem in place: what it holds stays.</summary>
    public void Resize(int sizeKiB) => Mount(Path, $"remount,size={sizeKiB}k");

    /// <summary>Writes a filler file that leaves about <paramref name="leaveKiB"/> KiB free; delete it to free the space again.</summary>
    public string Fill(int leaveKiB)
    {
        var filler = File("filler.bin");
        var bytes = Free - leaveKiB * 1024L;
        if (bytes <= 0) throw new InvalidOperationException($"only {Free} bytes free on {Path}, cannot leave {leaveKiB} KiB");
        using (var fs = new FileStream(filler, FileMode.CreateNew)) fs.Write(new byte[bytes]);
        return filler;
    }

    public void Dispose()
    {
        if (_mounted)
        {
            // A lazy unmount still detaches the mount if something (a leaked handle) keeps it busy.
            if (Run("umount", Path) != 0) Run("umount", "-l", Path);
            _mounted = false;
        }
        _parent.Dispose();
    }

    private static void Mount(string path, string options)
    {
        var args = options.StartsWith("remount", StringComparison.Ordinal)
            ? new[] { "-o", options, path }
            : new[] { "-t", "tmpfs", "-o", options, "tmpfs", path };
        if (Run("mount", args) is var rc and not 0) throw new InvalidOperationException($"mount {string.Join(' ', args)} failed with exit code {rc}");
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "small filesystems are mounted with Linux tmpfs";
        if (Environment.UserName != "root") return "mounting a tmpfs needs root";
        using var dir = Fixtures.TempDir();
        try
        {
            if (Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir.Path) != 0) return "'mount -t tmpfs' failed here";
            Run("umount", dir.Path);
            return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "the 'mount' command is missing";
        }
    }

    private static int Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }
}

/// <summary>A fact that mounts small filesystems: skipped where that is impossible, unless system tests are required.</summary>
public sealed class SmallFsFactAttribute : FactAttribute
{
    public SmallFsFactAttribute()
    {
        if (!SystemTests.Required && SmallFilesystem.Problem is { } why)
            Skip = $"{why} ({SmallFilesystem.Install}); set {SystemTests.RequireVariable}=1 to make this a failure";
    }
}
