using System.Text.Json.Nodes;
using MotorPick.Core;
using MotorPick.Portal.Api;
using MotorPick.Portal.Ingest;
using MotorPick.Portal.StandIn;
using MotorPick.Tests;

namespace MotorPick.Portal.Tests;

/// <summary>URLs and answers from the portal fail the run they belong to, with a clear message in the summary, and the
/// ingest goes on with the other runs (issue 19, item 3).</summary>
[Collection(StandInCollection.Name)]
public class OneBadRunTests(StandInData data)
{
    [Theory]
    [InlineData("file:///etc/passwd", "scheme 'file' is refused")]
    [InlineData("ftp://127.0.0.1/t.zarr", "scheme 'ftp' is refused")]
    [InlineData("http://files.example.org/t.zarr", "plain http is accepted only for a loopback host")]
    [InlineData("/etc/passwd", "scheme 'file' is refused")]
    [InlineData("https://", "is not an absolute URL")]
    [InlineData("t.zarr", "is not an absolute URL")]
    public void Only_https_and_loopback_http_URLs_are_fetched(string url, string expected)
    {
        var ex = Assert.Throws<MotorPickException>(() => PortalUrls.Check(url, "download"));
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith(url.Length > 0 ? url[..Math.Min(url.Length, 10)] : "", ex.Path);
    }

    [Theory]
    [InlineData("https://files.cryoetdataportal.cziscience.com/10001/TS_026/t.zarr")]
    [InlineData("http://127.0.0.1:8080/files/t.zarr")]
    [InlineData("http://[::1]:8080/files/t.zarr")]
    [InlineData("http://localhost/files/t.zarr")]
    public void Https_and_loopback_http_are_accepted(string url) => Assert.Equal(new Uri(url), PortalUrls.Check(url, "download"));

    [Fact]
    public async Task Bad_URLs_a_huge_zarr_shape_and_an_oversized_chunk_fail_only_their_runs()
    {
        await using var server = await LocalPortalServer.StartAsync(data.DataDir);
        var runs = server.Catalogue.Roots["runs"].OrderBy(r => (string)r["name"]!, StringComparer.Ordinal).ToList();
        var zarrs = runs.ToDictionary(r => (string)r["name"]!, r => ZarrFiles((string)r["name"]!));

        await using var files = new RawHttpServer(async (req, s, ct) =>
        {
            // /huge/<run>/<key>: the run's real store, but every level claims 2^31-1 voxels a side in 1-voxel chunks.
            // /endless/<run>/<key>: the real metadata, but every chunk body goes on past the chunk's largest size.
            var parts = req.Path.Split('/', 4);
            if (parts.Length < 4 || !zarrs.TryGetValue(parts[2], out var store) || !store.TryGetValue(parts[3], out var bytes))
            {
                await RawHttpServer.RespondAsync(s, "404 Not Found", ct: ct);
                return;
            }
            var metadata = parts[3].EndsWith(".zarray", StringComparison.Ordinal) || parts[3].EndsWith(".zattrs", StringComparison.Ordinal) || parts[3].EndsWith(".zgroup", StringComparison.Ordinal);
            if (parts[1] == "huge" && parts[3].EndsWith("/.zarray", StringComparison.Ordinal))
            {
                var zarray = JsonNode.Parse(bytes)!;
                zarray["shape"] = new JsonArray(int.MaxValue, int.MaxValue, int.MaxValue);
                zarray["chunks"] = new JsonArray(1, 1, 1);
                bytes = System.Text.Encoding.UTF8.GetBytes(zarray.ToJsonString());
            }
            if (parts[1] == "endless" && !metadata) await RawHttpServer.EndlessAsync(s, "", 1, 32 << 20, ct);
            else await RawHttpServer.RespondAsync(s, "200 OK", bytes, ct: ct);
        });

        var bad = new Dictionary<string, (string Url, string Expected)>
        {
            [(string)runs[0]["name"]!] = ("file:///etc/passwd", "scheme 'file' is refused"),
            [(string)runs[1]["name"]!] = ("ftp://127.0.0.1/t.zarr", "scheme 'ftp' is refused"),
            [(string)runs[2]["name"]!] = ($"{files.BaseUrl}/huge/{runs[2]["name"]}", $"more than the {PortalLimits.MaxChunksPerArray} accepted"),
            [(string)runs[3]["name"]!] = ($"{files.BaseUrl}/endless/{runs[3]["name"]}", "the answer is larger than expected"),
        };
        foreach (var run in runs.Where(r => bad.ContainsKey((string)r["name"]!)))
            foreach (var tomo in server.Catalogue.Roots["tomograms"].Where(t => (long)t["runId"]! == run.Id))
                tomo["httpsOmezarrDir"] = bad[(string)run["name"]!].Url;

        using var tmp = Fixtures.TempDir();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var report = await StandInData.IngestAsync(server, tmp.Path, ct: cts.Token);

        Assert.Equal(runs.Count - bad.Count, report.Fetched);
        Assert.Equal(bad.Count, report.Failed);
        foreach (var failed in report.Outcomes.Where(o => o.Status == IngestStatus.Failed))
        {
            var (url, expected) = bad[failed.Item.TomoId];
            Assert.Contains(expected, failed.Reason);
            Assert.Contains(url.Split("://")[0] == "file" ? "file:///etc/passwd" : url, failed.Reason);
        }
        Assert.DoesNotContain(files.Requests, r => r.Path.StartsWith("/huge/", StringComparison.Ordinal) && !r.Path.EndsWith(".zarray", StringComparison.Ordinal)
            && !r.Path.EndsWith(".zattrs", StringComparison.Ordinal) && !r.Path.EndsWith(".zgroup", StringComparison.Ordinal));
    }

    /// <summary>Every file of the run's zarr store in the stand-in data, by key.</summary>
    private Dictionary<string, byte[]> ZarrFiles(string run)
    {
        var dir = Directory.EnumerateDirectories(data.DataDir, run + ".zarr", SearchOption.AllDirectories).First();
        return Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllBytes, StringComparer.Ordinal);
    }
}
