using MotorPick.Tests;

namespace MotorPick.Cli.Tests;

public class SplitAndScoreCommandTests
{
    private static string Ref(params string[] p) => Fixtures.Path(["reference", .. p]);

    [Fact]
    public void Split_reproduces_the_reference_val_lists()
    {
        using var tmp = Fixtures.TempDir();
        var (exit, output) = CliRunner.Run("split", "--labels", Ref("gt.csv"), "--folds", "4", "--seed", "42", "--max-val-motors", "1", "--out", tmp.File("s.json"));
        Assert.Equal(0, exit);
        Assert.Contains("151", output);
        var ours = Labels.Splits.CvSplitFile.Read(tmp.File("s.json"));
        var theirs = Labels.Splits.CvSplitFile.Read(Ref("cv", "v1", "skf4_rd42.json"));
        Assert.Equal(theirs.Folds.Select(f => f.Val), ours.Folds.Select(f => f.Val));
    }

    [Fact]
    public void Split_refine_writes_the_v3_file_byte_identically()
    {
        using var tmp = Fixtures.TempDir();
        var (exit, output) = CliRunner.Run("split", "refine", "--split", Ref("cv", "v2", "skf4_rd42.json"), "--labels", Ref("all_gt_v3.csv"),
            "--max-val-motors", "1", "--out", tmp.File("v3.json"));
        Assert.Equal(0, exit);
        Assert.Contains("21 val tomograms moved to train", output);
        Assert.Equal(File.ReadAllBytes(Ref("cv", "v3", "skf4_rd42.json")), File.ReadAllBytes(tmp.File("v3.json")));
    }

    [Fact]
    public void Score_prints_the_docstring_example()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("gt.csv"),
            "tomo_id,Z,Y,X,voxel_spacing,num_motors,motor_z,motor_y,motor_x,motor_zyx\n" +
            "t0,1000,1000,1000,10.0,0,-1.0,-1.0,-1.0,[]\n" +
            "t1,1000,1000,1000,10.0,1,250.0,250.0,250.0,\"[[250.0, 250.0, 250.0]]\"\n" +
            "t2,1000,1000,1000,10.0,1,100.0,100.0,100.0,\"[[100.0, 100.0, 100.0]]\"\n" +
            "t3,1000,1000,1000,10.0,1,200.0,200.0,200.0,\"[[200.0, 200.0, 200.0]]\"\n");
        File.WriteAllText(tmp.File("sub.csv"), "tomo_id,Motor axis 0,Motor axis 1,Motor axis 2\nt0,100,100,100\nt1,251,251,251\nt2,600,600,600\nt3,-1,-1,-1\n");
        var (exit, output) = CliRunner.Run("score", "--labels", tmp.File("gt.csv"), "--submission", tmp.File("sub.csv"), "--json", "--details", tmp.File("d.csv"));
        Assert.Equal(0, exit);
        Assert.Contains("\"f2\":0.3571428571428571", output);
        Assert.Contains("t2,1,1,", File.ReadAllText(tmp.File("d.csv")));
    }

    [Fact]
    public void Score_refuses_mismatched_ids()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(tmp.File("sub.csv"), "tomo_id,Motor axis 0,Motor axis 1,Motor axis 2\ntomo_zzzzzz,1,1,1\n");
        var (exit, output) = CliRunner.Run("score", "--labels", Ref("gt.csv"), "--submission", tmp.File("sub.csv"));
        Assert.Equal(1, exit);
        Assert.Contains("do not match", output);
    }

    [Theory]
    [InlineData("labels", "gt")]
    [InlineData("labels", "concat")]
    [InlineData("labels", "stats")]
    [InlineData("split")]
    [InlineData("split", "refine")]
    [InlineData("score")]
    public void Every_command_help_has_examples(params string[] command)
    {
        var (exit, output) = CliRunner.Run([.. command, "--help"]);
        Assert.Equal(0, exit);
        Assert.Contains("Examples:", output);
        Assert.Contains("motorpick " + string.Join(' ', command), output);
    }
}
