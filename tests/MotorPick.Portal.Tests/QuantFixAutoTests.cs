using MotorPick.Formats.Jpeg;
using MotorPick.Portal.Ingest;
using MotorPick.Portal.Processing;
using MotorPick.Portal.StandIn;
using MotorPick.Tests;

namespace MotorPick.Portal.Tests;

/// <summary>
/// <c>--quant-fix auto</c> on synthetic int8-as-uint8 volumes: the same synthetic tomogram is served once as int8 values
/// (normal) and once as its uint8 reading stored as int8 (wrapped, under a name not on the reference's 43-id list).
/// </summary>
public class QuantFixAutoTests
{
    private static readonly IngestOptions Auto = new() { OutDir = "", Process = new ProcessOptions { QuantFix = QuantFixMode.Auto } };

    [Fact]
    public async Task Auto_detects_and_fixes_a_wrapped_run_that_the_list_misses_and_leaves_normal_runs_alone()
    {
        using var tmp = Fixtures.TempDir();
        var normalRuns = SyntheticPortalData.Write(tmp.File("normal"), new SyntheticPortalOptions { Count = 2, IncludeWrapped = false });
        var wrappedRuns = SyntheticPortalData.Write(tmp.File("wrapped"), new SyntheticPortalOptions { Count = 2, WrappedName = "wrapped-run-1" });
        Assert.Equal(normalRuns[0], wrappedRuns[0]); // run 0 (float values) is the same in both
        var (intRun, wrappedRun) = (normalRuns[1], wrappedRuns[1]);

        await using (var server = await LocalPortalServer.StartAsync(tmp.File("normal")))
            Assert.Equal(2, (await StandInData.IngestAsync(server, tmp.File("out-normal"), Auto)).Fetched);
        await using (var server = await LocalPortalServer.StartAsync(tmp.File("wrapped")))
        {
            Assert.Equal(2, (await StandInData.IngestAsync(server, tmp.File("out-list"))).Fetched);
            Assert.Equal(2, (await StandInData.IngestAsync(server, tmp.File("out-auto"), Auto)).Fetched);
        }

        byte[] Slices(string outDir, string run) => JpegSliceStack.Open(TomogramProcessor.SliceDirectory(tmp.File(outDir), run)).ReadAll(1);
        static double MeanAbsDiff(byte[] a, byte[] b) => a.Zip(b, (x, y) => (double)Math.Abs(x - y)).Average();

        // A float run is left alone by auto.
        Assert.Equal(Slices("out-list", normalRuns[0]), Slices("out-auto", normalRuns[0]));
        // Fixed, the wrapped run is the int8 run shifted by 128, which the percentile clip undoes: the same image (up to JPEG and
        // rounding); the reference's list does not name it, so without auto it stays wrapped and looks nothing like it. The int8
        // run itself went through auto too: had auto 'fixed' it, it would not match the fixed wrapped run.
        var truth = Slices("out-normal", intRun);
        Assert.True(MeanAbsDiff(truth, Slices("out-auto", wrappedRun)) < 0.5, "auto should fix the wrapped run");
        Assert.True(MeanAbsDiff(truth, Slices("out-list", wrappedRun)) > 20, "the list alone should leave the wrapped run as it is");

        // The scan of the raw histograms (meta files keep them from before any fix) flags the wrapped run only.
        var scan = QuantisationScan.Scan([], [Path.Combine(tmp.File("out-auto"), "meta"), Path.Combine(tmp.File("out-normal"), "meta")], null);
        Assert.Equal([wrappedRun], scan.Where(e => e.Flagged).Select(e => e.TomoId));
        Assert.All(scan, e => Assert.False(e.OnFixList));
        Assert.Contains(scan, e => e.TomoId == intRun && e.Rule == "share of |v| >= 64 <= 0.5"); // int8-range, not wrapped
    }
}
