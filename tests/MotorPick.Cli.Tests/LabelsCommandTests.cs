using System.Text.Json;
using MotorPick.Tests;

namespace MotorPick.Cli.Tests;

public class LabelsCommandTests
{
    private static string Ref(params string[] p) => Fixtures.Path(["reference", .. p]);

    [Fact]
    public void Labels_gt_writes_gt_v2_byte_identical_and_warns_about_stale_counts()
    {
        using var tmp = Fixtures.TempDir();
        var (exit, output) = CliRunner.Run("labels", "gt", "--labels", Ref("train_labels_v2.csv"), "--out", tmp.File("gt_v2.csv"));
        Assert.Equal(0, exit);
        Assert.Contains("648 tomograms, 523 motors", output);
        Assert.Contains("warning:", output);
        Assert.Equal(File.ReadAllBytes(Ref("gt_v2.csv")), File.ReadAllBytes(tmp.File("gt_v2.csv")));
    }

    [Fact]
    public void Labels_concat_reproduces_all_gt_v3()
    {
        using var tmp = Fixtures.TempDir();
        var (exit, _) = CliRunner.Run("labels", "concat", Ref("gt_v3.csv"), Ref("external_gt.csv"), "--out", tmp.File("all.csv"));
        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllBytes(Ref("all_gt_v3.csv")), File.ReadAllBytes(tmp.File("all.csv")));
    }

    [Fact]
    public void Labels_concat_refuses_duplicates_and_writes_nothing()
    {
        using var tmp = Fixtures.TempDir();
        var (exit, output) = CliRunner.Run("labels", "concat", Ref("gt_v3.csv"), Ref("gt_v2.csv"), "--out", tmp.File("all.csv"));
        Assert.Equal(1, exit);
        Assert.Contains("error:", output);
        Assert.Contains("tomo_003acc is in both", output);
        Assert.False(File.Exists(tmp.File("all.csv")));
        Assert.Empty(Directory.GetFiles(tmp.Path));
    }

    [Fact]
    public void Labels_stats_prints_the_histograms()
    {
        var (exit, output) = CliRunner.Run("labels", "stats", Ref("gt_v3.csv"));
        Assert.Equal(0, exit);
        Assert.Contains("648 tomograms, 577 motors", output);
        Assert.Contains("13.1", output);
    }

    [Fact]
    public void Labels_stats_json_has_the_counts()
    {
        var run = CliRunner.RunStreams("labels", "stats", Ref("gt_v3.csv"), "--json");
        Assert.Equal(0, run.Exit);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(648, doc.RootElement.GetProperty("tomograms").GetInt32());
        Assert.Equal(577, doc.RootElement.GetProperty("motors").GetInt32());
        Assert.Equal(222, doc.RootElement.GetProperty("motors_per_tomogram")[0].GetProperty("tomograms").GetInt32());
    }

    [Fact]
    public void Labels_diff_json_lists_every_change()
    {
        var run = CliRunner.RunStreams("labels", "diff", Ref("gt_v2.csv"), Ref("gt_v3.csv"), "--json");
        Assert.Equal(0, run.Exit);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(46, doc.RootElement.GetProperty("tomograms_changed").GetInt32());
        Assert.Equal(54, doc.RootElement.GetProperty("motors_added").GetInt32());
        Assert.Equal(46, doc.RootElement.GetProperty("changed").GetArrayLength()); // all of them: --show is for the table
        Assert.Equal(3, doc.RootElement.GetProperty("changed")[0].GetProperty("added")[0].GetProperty("zyx").GetArrayLength());
    }

    [Fact]
    public void A_broken_label_file_names_the_file_line_and_field()
    {
        using var tmp = Fixtures.TempDir();
        var bad = tmp.File("bad.csv");
        var lines = File.ReadAllLines(Ref("train_labels_v2.csv"));
        lines[3] = lines[3].Replace(",15.6,", ",abc,", StringComparison.Ordinal).Replace(",13.1,", ",abc,", StringComparison.Ordinal).Replace(",19.7,", ",abc,", StringComparison.Ordinal);
        File.WriteAllLines(bad, lines);
        var (exit, output) = CliRunner.Run("labels", "gt", "--labels", bad, "--out", tmp.File("gt.csv"));
        Assert.Equal(1, exit);
        Assert.Contains($"{bad}, line 4, field 'Voxel spacing': expected a number, found 'abc'", output);
        Assert.False(File.Exists(tmp.File("gt.csv")));
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var (exit, output) = CliRunner.Run("labels", "stats", "/nonexistent/gt.csv");
        Assert.Equal(1, exit);
        Assert.Contains("/nonexistent/gt.csv: file not found", output);
    }
}
