using MotorPick.Core;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Labels.Tests.Tables;

public class GtTableFileTests
{
    private static string Ref(string name) => Fixtures.Path("reference", name);

    [Fact]
    public void GtV2_built_from_train_labels_v2_is_byte_identical_to_the_reference()
    {
        var labels = TrainLabelsFile.Read(Ref("train_labels_v2.csv"));
        var text = GtTableFile.Format(GtTable.FromTrainLabels(labels), GtLayout.Full);
        Assert.Equal(File.ReadAllText(Ref("gt_v2.csv")), text);
    }

    [Theory]
    [InlineData("gt.csv", GtLayout.Full)]
    [InlineData("gt_v2.csv", GtLayout.Full)]
    [InlineData("gt_v3.csv", GtLayout.Short)]
    [InlineData("external_gt.csv", GtLayout.Short)]
    [InlineData("all_gt.csv", GtLayout.Short)]
    [InlineData("all_gt_v3.csv", GtLayout.Short)]
    public void Reading_and_rewriting_a_reference_table_gives_the_same_bytes(string name, GtLayout layout)
    {
        var table = GtTableFile.Read(Ref(name));
        Assert.Equal(layout, table.Layout);
        Assert.Equal(File.ReadAllText(Ref(name)), GtTableFile.Format(table, layout));
    }

    [Theory]
    [InlineData("gt_v2.csv", "all_gt.csv")]
    [InlineData("gt_v3.csv", "all_gt_v3.csv")]
    public void Concatenating_with_external_gt_reproduces_all_gt(string first, string expected)
    {
        var all = GtConcat.Concat([GtTableFile.Read(Ref(first)), GtTableFile.Read(Ref("external_gt.csv"))]);
        Assert.Equal(File.ReadAllText(Ref(expected)), GtTableFile.Format(all, GtLayout.Short));
    }

    [Fact]
    public void Concat_refuses_a_tomogram_present_in_two_inputs()
    {
        var gt = GtTableFile.Read(Ref("gt_v3.csv"));
        var ex = Assert.Throws<MotorPickException>(() => GtConcat.Concat([gt, GtTableFile.Read(Ref("gt_v2.csv"))]));
        Assert.Contains("tomo_003acc is in both", ex.Message);
    }

    [Fact]
    public void Gt_csv_has_the_reference_counts() // docs/reference.md 9.1
    {
        var gt = GtTableFile.Read(Ref("gt.csv"));
        Assert.Equal(648, gt.Rows.Count);
        Assert.Equal(451, gt.MotorCount);
        var dist = gt.Rows.GroupBy(r => r.NumMotors).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<int, int> { [0] = 286, [1] = 317, [2] = 26, [3] = 6, [4] = 9, [6] = 3, [10] = 1 }, dist);
        var stale = gt.Rows.Where(r => r.OriNumMotors != r.NumMotors).Select(r => r.TomoId).ToArray();
        Assert.Equal(["tomo_2b3cdf", "tomo_62eea8", "tomo_c84b8e", "tomo_e6f7f7"], stale);
        Assert.Equal(gt.Rows.Select(r => r.TomoId).Order(StringComparer.Ordinal), gt.Rows.Select(r => r.TomoId));
    }

    [Fact]
    public void Gt_v3_and_external_gt_have_the_reference_counts() // facts 5, 6, 7
    {
        var v3 = GtTableFile.Read(Ref("gt_v3.csv"));
        Assert.Equal(577, v3.MotorCount);
        Assert.Equal(8, v3["tomo_00e463"].NumMotors);
        Assert.Equal(10, v3["tomo_226cd8"].NumMotors);
        var ext = GtTableFile.Read(Ref("external_gt.csv"));
        Assert.Equal(1287, ext.Rows.Count);
        Assert.Equal(1668, ext.MotorCount);
        Assert.All(ext.Rows, r => Assert.True(r.NumMotors >= 1));
        var a = ext["aba2013-04-06-10"];
        Assert.Equal(new TomoShape(541, 625, 647), a.Shape);
        Assert.Equal([new Point3(281.5, 229.5, 445.5)], a.Motors);
    }

    [Fact]
    public void The_full_layout_writes_negative_spacing_for_missing_motors() // docs/reference.md 9.2: motor_zA = -vs
    {
        var line = File.ReadLines(Ref("gt.csv")).First(l => l.StartsWith("tomo_003acc", StringComparison.Ordinal));
        Assert.Contains(",-1.0,-1.0,-1.0,-6.5,-6.5,-6.5,[],[]", line);
        var gt = GtTableFile.Read(Ref("gt.csv"));
        Assert.StartsWith(line + "\n", GtTableFile.Format(new GtTable([gt["tomo_003acc"]], GtLayout.Full), GtLayout.Full).Split('\n', 2)[1] + "\n");
    }

    [Fact]
    public void A_short_table_cannot_be_written_in_the_full_layout()
    {
        var v3 = GtTableFile.Read(Ref("gt_v3.csv"));
        var ex = Assert.Throws<MotorPickException>(() => GtTableFile.Format(v3, GtLayout.Full));
        Assert.Contains("ori_num_motors", ex.Message);
    }
}
