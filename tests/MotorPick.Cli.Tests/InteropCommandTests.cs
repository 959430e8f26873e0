using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Cli.Tests;

public class InteropCommandTests
{
    private static string Ref(params string[] p) => Fixtures.Path(["reference", .. p]);

    [Theory]
    [InlineData("copick")]
    [InlineData("relion5")]
    [InlineData("relion4")]
    [InlineData("ndjson")]
    [InlineData("napari")]
    public void Export_then_import_gives_back_the_labels(string format)
    {
        using var tmp = Fixtures.TempDir();
        // The first 80 tomograms of gt_v3.csv (odd and even sizes, several spacings, empty and multi-motor tomograms).
        var lines = File.ReadAllLines(Ref("gt_v3.csv"));
        File.WriteAllLines(tmp.File("gt.csv"), lines.Take(81));
        var expected = GtTableFile.Read(tmp.File("gt.csv"));
        var counts = $"{expected.Rows.Count} tomograms, {expected.MotorCount} motors";
        var out1 = tmp.File("out");
        var (exit, output) = CliRunner.Run("labels", "export", "--labels", tmp.File("gt.csv"), "--format", format, "--out", out1, "--binning", "2");
        Assert.True(exit == 0, output);
        Assert.Contains(counts, output);
        Assert.Contains("motorpick-geometry.json", output);
        (exit, output) = CliRunner.Run("labels", "import", "--format", format, "--in", out1, "--out", tmp.File("back.csv"));
        Assert.True(exit == 0, output);
        Assert.Contains(counts + " (labels)", output);
        var back = GtTable.FromTrainLabels(TrainLabelsFile.Read(tmp.File("back.csv")));
        foreach (var e in expected.Rows)
        {
            var b = back[e.TomoId];
            Assert.Equal(e.Shape, b.Shape);
            Assert.Equal(e.VoxelSpacing, b.VoxelSpacing);
            Assert.Equal(e.Motors.Count, b.Motors.Count);
            for (var i = 0; i < e.Motors.Count; i++) Assert.True(e.Motors[i].DistanceTo(b.Motors[i]) * e.VoxelSpacing < 1e-6);
        }
    }

    [Fact]
    public void Candidates_export_with_their_tomograms_and_come_back_with_conf()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("candidates.csv"), "tomo_id,motor_z,motor_y,motor_x,conf\ntomo_00e047,169.0,546.0,603.0,0.875\ntomo_00e047,10.0,20.0,30.0,0.25\n");
        var (exit, output) = CliRunner.Run("labels", "export", "--labels", tmp.File("candidates.csv"), "--tomograms", Ref("gt.csv"), "--format", "copick", "--out", tmp.File("cp"));
        Assert.True(exit == 0, output);
        Assert.Contains("1 tomograms, 2 candidates", output);
        (exit, output) = CliRunner.Run("labels", "import", "--format", "copick", "--in", tmp.File("cp"), "--out", tmp.File("back.csv"));
        Assert.True(exit == 0, output);
        Assert.Equal(File.ReadAllText(tmp.File("candidates.csv")), File.ReadAllText(tmp.File("back.csv")));
    }

    [Fact]
    public void Candidates_without_geometry_are_refused_with_a_hint()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("candidates.csv"), "tomo_id,motor_z,motor_y,motor_x,conf\ntomo_00e047,169.0,546.0,603.0,0.875\n");
        var (exit, output) = CliRunner.Run("labels", "export", "--labels", tmp.File("candidates.csv"), "--format", "napari", "--out", tmp.File("np"));
        Assert.Equal(1, exit);
        Assert.Contains("error:", output);
        Assert.Contains("--tomograms gt.csv", output);
    }

    [Fact]
    public void Import_with_explicit_geometry_refuses_a_point_outside_and_writes_nothing()
    {
        using var tmp = Fixtures.TempDir();
        Directory.CreateDirectory(tmp.File("np"));
        File.WriteAllText(tmp.File("np/tomo_00e047.csv"), "index,axis-0,axis-1,axis-2\n0.0,603.0,546.0,169.0\n");
        var (exit, output) = CliRunner.Run("labels", "import", "--format", "napari", "--in", tmp.File("np"), "--voxel-size", "15.6", "--shape", "300x959x928", "--out", tmp.File("l.csv"));
        Assert.Equal(1, exit);
        Assert.Contains("outside the 300x959x928 tomogram", output);
        Assert.Contains("napari points", output);
        Assert.False(File.Exists(tmp.File("l.csv")));
        (exit, output) = CliRunner.Run("labels", "import", "--format", "napari", "--in", tmp.File("np"), "--labels", Ref("gt.csv"), "--out", tmp.File("l.csv"));
        Assert.Equal(1, exit);
        Assert.Contains("outside", output);
    }

    [Fact]
    public void Relion_centre_convention_is_an_option_and_help_shows_examples()
    {
        using var tmp = Fixtures.TempDir();
        var (exit, output) = CliRunner.Run("labels", "export", "--labels", Ref("gt.csv"), "--format", "relion5", "--out", tmp.File("r"), "--centre-convention", "relion-napari");
        Assert.True(exit == 0, output);
        Assert.Contains("\"centre_convention\": \"relion-napari\"", File.ReadAllText(tmp.File("r/motorpick-geometry.json")));
        (exit, output) = CliRunner.Run("labels", "export", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("Examples:", output);
        Assert.Contains("--centre-convention", output);
        (exit, output) = CliRunner.Run("labels", "import", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("Examples:", output);
        Assert.Contains("--original-grid", output);
    }
}
