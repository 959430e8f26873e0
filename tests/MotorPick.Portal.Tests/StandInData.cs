using MotorPick.Portal.Api;
using MotorPick.Portal.Ingest;
using MotorPick.Portal.Selection;
using MotorPick.Portal.StandIn;
using MotorPick.Tests;

namespace MotorPick.Portal.Tests;

/// <summary>Six tiny synthetic runs (float, int8-range and one wrapped int8 run named on the reference's fix list),
/// written once for all tests of the collection.</summary>
public sealed class StandInData : IDisposable
{
    private readonly TempDir _dir = Fixtures.TempDir();

    public StandInData()
    {
        RunNames = SyntheticPortalData.Write(_dir.Path, new SyntheticPortalOptions());
    }

    public string DataDir => _dir.Path;

    public IReadOnlyList<string> RunNames { get; }

    public void Dispose() => _dir.Dispose();

    /// <summary>Selects every motor run of <paramref name="server"/> and ingests it into <paramref name="outDir"/>.</summary>
    public static async Task<IngestReport> IngestAsync(LocalPortalServer server, string outDir, IngestOptions? options = null,
        SelectionRequest? request = null, CancellationToken ct = default, Action<IngestPipeline>? configure = null)
    {
        using var http = PortalHttp.CreateClient();
        var client = new PortalClient(new GraphQlClient(http, server.Endpoint, RetryPolicy.Fast)) { PageSize = 2, BatchSize = 4 };
        request ??= new SelectionRequest { MotorRuns = true };
        var selection = await IngestSelector.SelectAsync(client, request, ct);
        options ??= new IngestOptions { OutDir = outDir };
        options = options with { OutDir = outDir, Format = request.Format, Process = options.Process with { Threads = 1 } };
        var pipeline = new IngestPipeline(http, options, RetryPolicy.Fast);
        configure?.Invoke(pipeline);
        return await pipeline.RunAsync(selection, ct);
    }

    /// <summary>Every output file (relative path -> bytes) except raw downloads.</summary>
    public static SortedDictionary<string, byte[]> Outputs(string outDir)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var sub in new[] { "tomogram", "meta", "labels" })
        {
            var dir = Path.Combine(outDir, sub);
            if (!Directory.Exists(dir)) continue;
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                files[Path.GetRelativePath(outDir, f)] = File.ReadAllBytes(f);
        }
        var labels = Path.Combine(outDir, "portal_labels.csv");
        if (File.Exists(labels)) files["portal_labels.csv"] = File.ReadAllBytes(labels);
        return files;
    }

    public static void AssertSameOutputs(SortedDictionary<string, byte[]> expected, SortedDictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys.ToList(), actual.Keys.ToList());
        foreach (var (k, v) in expected) Assert.True(v.AsSpan().SequenceEqual(actual[k]), $"{k} differs");
    }
}

[CollectionDefinition(Name)]
public sealed class StandInCollection : ICollectionFixture<StandInData>
{
    public const string Name = "stand-in";
}
