using System.Diagnostics;
using System.Globalization;
using MotorPick.Interop.Star;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Interop.Tests;

/// <summary>A fact that needs Debian's relion package (3.1.3): skipped without it, unless system tests are required.</summary>
public sealed class RelionFactAttribute : FactAttribute
{
    public const string Install = "apt-get install -y relion";

    public RelionFactAttribute()
    {
        Skip = SystemTests.SkipReason(RelionTools.Find("relion_star_printtable") is not null && RelionTools.Find("relion_star_handler") is not null, "relion (relion_star_printtable, relion_star_handler)", Install);
    }
}

/// <summary>
/// Every STAR file of <c>labels export --format relion4/relion5</c> read by RELION's own tools: each loop block through
/// relion_star_printtable (every row and value, verbatim), and particles.star through a relion_star_handler round
/// trip (the optics and particle tables come back with every row, and every value; RELION reprints the numbers of the
/// labels it knows with six decimals, or six significant digits for small ones (-1.85961641 becomes -1.85962), hence a
/// tolerance of 5e-6, relative above 1). RELION 3.1 reads neither list blocks
/// (optimisation_set.star, data_general) nor, in star_handler, tables without its particle labels (tomograms.star):
/// those are left to <see cref="RelionFormatTests"/>'s hand-written golden files.
/// </summary>
public sealed class RelionReaderTests
{
    private static readonly (string Format, PickKind Kind)[] Cases =
        [("relion4", PickKind.Labels), ("relion4", PickKind.Candidates), ("relion5", PickKind.Labels), ("relion5", PickKind.Candidates)];

    [RelionFact]
    public void Relion_star_printtable_reads_every_row_and_value_of_every_loop_we_write()
    {
        foreach (var (format, kind) in Cases)
        {
            using var tmp = Fixtures.TempDir();
            Export(format, kind, tmp.Path);
            foreach (var file in Directory.GetFiles(tmp.Path, "*.star"))
            {
                foreach (var block in StarDocument.Load(file).Blocks.Where(b => b.IsLoop))
                {
                    var printed = RelionTools.Run("relion_star_printtable", tmp.Path, file, "data_" + block.Name).Stdout
                        .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToList();
                    var where = $"{format} {kind} {Path.GetFileName(file)} data_{block.Name}";
                    Assert.True(block.Rows.Count == printed.Count, $"{where}: {block.Rows.Count} rows written, relion_star_printtable printed {printed.Count}");
                    for (var r = 0; r < block.Rows.Count; r++) Assert.Equal(block.Rows[r].Values, printed[r]);
                }
            }
        }
    }

    [RelionFact]
    public void Relion_star_handler_round_trips_the_optics_and_particle_tables_of_particles_star()
    {
        foreach (var (format, kind) in Cases)
        {
            using var tmp = Fixtures.TempDir();
            Export(format, kind, tmp.Path);
            var written = StarDocument.Load(Path.Combine(tmp.Path, "particles.star"));
            var output = RelionTools.Run("relion_star_handler", tmp.Path, "--i", "particles.star", "--o", "handled.star");
            Assert.DoesNotContain("could not read optics groups", output.All);
            var handled = StarDocument.Load(Path.Combine(tmp.Path, "handled.star"));
            foreach (var name in new[] { "optics", "particles" })
            {
                var (w, h) = (written.Find(name)!, handled.Find(name));
                var where = $"{format} {kind} data_{name}";
                Assert.True(h is not null, $"{where}: relion_star_handler wrote no such block");
                Assert.Equal(w.Columns, h.Columns);
                Assert.True(w.Rows.Count == h.Rows.Count, $"{where}: {w.Rows.Count} rows written, {h.Rows.Count} came back");
                for (var r = 0; r < w.Rows.Count; r++)
                    for (var c = 0; c < w.Columns.Count; c++)
                        AssertSameValue(w.Rows[r][c], h.Rows[r][c], $"{where} row {r + 1} {w.Columns[c]}");
            }
        }
    }

    /// <summary>Varied tomograms (several spacings: several optics groups), at binning 4 for RELION 3/4 as in the README.</summary>
    private static void Export(string format, PickKind kind, string dir) =>
        InteropService.Export(TestData.Varied(kind), InteropFormats.Parse(format), dir, new ExportOptions { Binning = format == "relion4" ? 4 : 1 });

    private static void AssertSameValue(string written, string back, string where)
    {
        if (double.TryParse(written, NumberStyles.Float, CultureInfo.InvariantCulture, out var w))
        {
            Assert.True(double.TryParse(back, NumberStyles.Float, CultureInfo.InvariantCulture, out var b), $"{where}: {written} came back as '{back}'");
            Assert.True(Math.Abs(w - b) <= 5e-6 * Math.Max(1, Math.Abs(w)), $"{where}: {written} came back as {back}");
        }
        else Assert.Equal(written, back);
    }
}

/// <summary>Finds and runs RELION's command-line tools.</summary>
internal static class RelionTools
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin")
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>Runs <paramref name="tool"/> in <paramref name="dir"/>; returns its stdout, and stdout with stderr; fails the test on a non-zero exit.</summary>
    public static (string Stdout, string All) Run(string tool, string dir, params string[] args)
    {
        var exe = SystemTests.Require(Find(tool), tool, RelionFactAttribute.Install);
        var info = new ProcessStartInfo(exe) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000)) { process.Kill(); Assert.Fail($"{tool} did not finish in 60 s"); }
        var text = stdout + stderr.Result;
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)} exited with {process.ExitCode}: {text}");
        return (stdout, text);
    }
}
