using MotorPick.Formats.Jpeg;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Cli.Tests;

/// <summary>The review half of the loop through the CLI: mine, render, export to CVAT, import tags, patch, diff.</summary>
public class ReviewLoopCommandTests
{
    internal const string LabelsCsv =
        "row_id,tomo_id,Motor axis 0,Motor axis 1,Motor axis 2,Array shape (axis 0),Array shape (axis 1),Array shape (axis 2),Voxel spacing,Number of motors\n" +
        "0,tomo_aaaaaa,-1.0,-1.0,-1.0,24,48,64,100.0,0\n" +
        "1,tomo_bbbbbb,12.0,20.0,30.0,24,48,64,100.0,1\n" +
        "2,tomo_cccccc,-1.0,-1.0,-1.0,24,48,64,100.0,0\n";

    internal const string CandidatesCsv =
        "tomo_id,motor_z,motor_y,motor_x,conf\n" +
        "tomo_aaaaaa,10.0,24.0,32.0,0.8\n" +
        "tomo_aaaaaa,3.0,5.0,50.0,0.1\n" +
        "tomo_bbbbbb,-1.0,-1.0,-1.0,0.0\n" +
        "tomo_cccccc,-1.0,-1.0,-1.0,0.0\n";

    internal static void WriteStack(string dir, int z, int y, int x)
    {
        using var w = new JpegSliceStackWriter(dir, z, y, x);
        var planes = new byte[z * y * x];
        for (var i = 0; i < planes.Length; i++) planes[i] = (byte)(i * 7 % 251);
        w.WriteSlices(0, planes);
        w.Complete();
    }

    [Fact]
    public void Mine_render_cvat_round_trip_patch_and_diff()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("labels.csv"), LabelsCsv);
        File.WriteAllText(tmp.File("cands.csv"), CandidatesCsv);
        foreach (var id in new[] { "tomo_aaaaaa", "tomo_bbbbbb", "tomo_cccccc" }) WriteStack(Path.Combine(tmp.Path, "data", id), 24, 48, 64);
        var review = tmp.File("review");

        var (exit, output) = CliRunner.Run("review", "mine", "--labels", tmp.File("labels.csv"), "--candidates", tmp.File("cands.csv"), "--out", review);
        Assert.True(exit == 0, output);
        Assert.Contains("2 items to review", output);

        (exit, output) = CliRunner.Run("review", "render", "--review", review, "--data", Path.Combine(tmp.Path, "data"));
        Assert.True(exit == 0, output);
        var fp = Path.Combine(review, "images", "FP", "FP-0-tomo_aaaaaa-24x48x64-spacing100.0.jpg");
        Assert.True(File.Exists(fp));
        var header = NetVipsJpegCodec.Instance.ReadHeader(File.ReadAllBytes(fp), fp);
        Assert.Equal((3 * 64, 4 * 48, 3), (header.Width, header.Height, header.Components));

        (exit, output) = CliRunner.Run("review", "export-cvat", "--review", review, "--out", tmp.File("task.zip"));
        Assert.True(exit == 0, output);
        using (var zip = System.IO.Compression.ZipFile.OpenRead(tmp.File("task.zip")))
            Assert.Contains(zip.Entries, e => e.FullName == "FP/FP-0-tomo_aaaaaa-24x48x64-spacing100.0.jpg");

        File.WriteAllText(tmp.File("annotations.xml"), """
            <?xml version="1.0" encoding="utf-8"?>
            <annotations><version>1.1</version>
              <image id="0" name="FN/FN-1-tomo_bbbbbb-24x48x64-spacing100.0.jpg" width="64" height="48"><tag label="0" source="manual"/></image>
              <image id="1" name="FP/FP-0-tomo_aaaaaa-24x48x64-spacing100.0.jpg" width="64" height="48"><tag label="1" source="manual"/></image>
            </annotations>
            """);
        (exit, output) = CliRunner.Run("review", "import-cvat", "--annotations", tmp.File("annotations.xml"), "--review", review);
        Assert.True(exit == 0, output);
        Assert.Contains("2/2 items decided, 1 candidates accepted", output);

        (exit, output) = CliRunner.Run("labels", "patch", "--labels", tmp.File("labels.csv"), "--review", review, "--round", "round1", "--out", tmp.File("v2.csv"));
        Assert.True(exit == 0, output);
        var v2 = TrainLabelsFile.Read(tmp.File("v2.csv"));
        Assert.Equal(["tomo_aaaaaa", "tomo_bbbbbb", "tomo_cccccc"], v2.Rows.Select(r => r.TomoId));
        Assert.Equal(new Labels.Point3(10, 24, 32), v2.Rows[0].Motor);
        Assert.Equal(["round1", "round1", "origin"], v2.Rows.Select(r => v2.Extra(r, "source")));

        (exit, output) = CliRunner.Run("labels", "diff", tmp.File("labels.csv"), tmp.File("v2.csv"));
        Assert.True(exit == 0, output);
        Assert.Contains("1 tomograms changed, 1 motors added, 0 moved, 0 removed", output);
        Assert.Contains("round1 conf 0.8", output);
    }

    [Fact]
    public void Diff_of_the_reference_versions()
    {
        var (exit, output) = CliRunner.Run("labels", "diff", Fixtures.Path("reference", "gt_v2.csv"), Fixtures.Path("reference", "gt_v3.csv"));
        Assert.Equal(0, exit);
        Assert.Contains("46 tomograms changed, 54 motors added, 0 moved, 0 removed", output);
    }
}
