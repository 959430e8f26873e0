using MotorPick.Tests;

namespace MotorPick.Cli.Tests.Chaos;

/// <summary>Six tiny synthetic tomograms (32x96x96 at 16 Å, four motors) and their gt table, made once for the chaos tests.</summary>
public sealed class ChaosData : IDisposable
{
    private readonly TempDir _dir = Fixtures.TempDir();

    public ChaosData()
    {
        var (exit, output) = CliRunner.Run("synth", "--preset", "tiny", "--count", "6", "--seed", "2", "--out", _dir.File("synth"));
        Assert.True(exit == 0, output);
        (exit, output) = CliRunner.Run("labels", "gt", "--labels", Labels, "--out", Gt);
        Assert.True(exit == 0, output);
        Ids = Directory.GetDirectories(Train).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
    }

    public string Root => _dir.Path;
    public string Train => Path.Combine(_dir.Path, "synth", "train");
    public string Labels => Path.Combine(_dir.Path, "synth", "train_labels.csv");
    public string Gt => Path.Combine(_dir.Path, "synth", "gt.csv");
    public IReadOnlyList<string> Ids { get; }

    public void Dispose() => _dir.Dispose();
}

/// <summary>The chaos and concurrent-writer tests start real processes and time their kills: they run alone, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection : ICollectionFixture<ChaosData>
{
    public const string Name = "chaos";
}
