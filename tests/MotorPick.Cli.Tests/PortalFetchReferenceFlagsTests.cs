using MotorPick.Portal.Metadata;
using MotorPick.Portal.Selection;
using MotorPick.Portal.StandIn;
using MotorPick.Tests;

namespace MotorPick.Cli.Tests;

/// <summary>The reference's download command line (download_external_dataset.py's flags) works as written.</summary>
public class PortalFetchReferenceFlagsTests
{
    [Fact]
    public void The_reference_flags_are_aliases_of_ours()
    {
        var seed = CliRunner.Parse("portal", "fetch", "--runs", "b.csv", "--output-dir", "data/external/", "--tmp-download-dir", "data/external/tmp/",
            "--num-download-workers", "5", "--num-process-workers", "3", "--policy", "first");
        Assert.Empty(seed.Errors);
        var ours = CliRunner.Parse("portal", "fetch", "--runs", "b.csv", "--out", "data/external/", "--raw-dir", "data/external/tmp/",
            "--download-workers", "5", "--process-workers", "3", "--policy", "first");
        Assert.Empty(ours.Errors);
        foreach (var p in new[] { seed, ours })
        {
            Assert.Equal("data/external/", p.GetValue<string>("--out"));
            Assert.Equal("data/external/tmp/", p.GetValue<string?>("--raw-dir"));
            Assert.Equal(5, p.GetValue<int>("--download-workers"));
            Assert.Equal(3, p.GetValue<int>("--process-workers"));
            Assert.Equal(TomogramPolicy.First, p.GetValue<TomogramPolicy>("--policy"));
        }
        Assert.Equal(TomogramPolicy.Preferred, CliRunner.Parse("portal", "fetch", "--runs", "b.csv", "--out", "o").GetValue<TomogramPolicy>("--policy"));
    }

    [Fact]
    public void The_help_says_which_policy_is_the_default_and_why()
    {
        var (exit, output) = CliRunner.Run("portal", "fetch", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("preferred (the default)", output);
        Assert.Contains("run.tomograms[0]", output);
        Assert.Contains("--output-dir", output);
        Assert.Contains("--tmp-download-dir", output);
    }

    [Fact]
    public async Task Policy_first_takes_the_lowest_id_tomogram_and_raw_files_go_to_the_tmp_download_dir()
    {
        using var tmp = Fixtures.TempDir();
        var run = SyntheticPortalData.Write(tmp.File("portal"), new SyntheticPortalOptions { Count = 1, IncludeWrapped = false }).Single();
        await using var server = await LocalPortalServer.StartAsync(tmp.File("portal"));
        // The stand-in gives each run a denoised visualisation default (lower id) and a raw portal-standard tomogram.
        string[] Fetch(string outDir, string policy) =>
            ["portal", "fetch", "--motor-runs", "--endpoint", server.Endpoint, "--output-dir", outDir, "--tmp-download-dir", tmp.File("tmp-" + policy),
             "--num-download-workers", "2", "--num-process-workers", "1", "--threads", "1", "--keep-raw", "--policy", policy];
        foreach (var (policy, id, processing) in new[] { ("first", 5000L, "denoised"), ("preferred", 5001L, "raw") })
        {
            var outDir = tmp.File("out-" + policy);
            var (exit, output) = await Task.Run(() => CliRunner.Run(Fetch(outDir, policy)));
            Assert.True(exit == 0, output);
            var meta = MetaDirectory.Read(Path.Combine(outDir, "meta", run + ".json"));
            Assert.Equal((id, processing), ((long)meta.Get("PORTAL__id")!, (string)meta.Get("PORTAL__processing")!));
            Assert.True(Directory.Exists(Path.Combine(tmp.File("tmp-" + policy), run, run + ".zarr")), "raw download kept under --tmp-download-dir");
            Assert.False(Directory.Exists(Path.Combine(outDir, "raw")));
        }
    }
}
