using MotorPick.Tests;

namespace MotorPick.DiskFull.Tests;

/// <summary>Two tomograms of <c>synth --preset tiny --format mrc</c> (32x96x96, float32 MRC about 1.1 MB each), made once per class.</summary>
public sealed class TinyData : IDisposable
{
    private readonly TempDir _dir = Fixtures.TempDir();

    public TinyData()
    {
        Cli.Ok("synth", "--out", _dir.Path, "--preset", "tiny", "--count", "2", "--format", "mrc", "--threads", "1");
        MrcDir = Path.Combine(_dir.Path, "mrc");
        Directory.CreateDirectory(MrcDir);
        Names = Directory.GetDirectories(Path.Combine(_dir.Path, "portal")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        foreach (var name in Names)
            File.Copy(Path.Combine(_dir.Path, "portal", name, name + ".mrc"), Path.Combine(MrcDir, name + ".mrc"));
    }

    /// <summary>The synth output root (train/, portal/, train_labels.csv ...).</summary>
    public string Root => _dir.Path;

    /// <summary>A directory holding just the two MRC files.</summary>
    public string MrcDir { get; }

    public string[] Names { get; }

    public string Mrc(int i) => Path.Combine(MrcDir, Names[i] + ".mrc");

    public void Dispose() => _dir.Dispose();
}
