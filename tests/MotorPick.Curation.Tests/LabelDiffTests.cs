using MotorPick.Curation.Patching;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Curation.Tests;

public class LabelDiffTests
{
    [Fact]
    public void Gt_v2_to_gt_v3_is_46_tomograms_54_motors_added_none_removed() // docs/reference.md 9.5
    {
        var d = LabelDiff.Compare(GtTableFile.Read(Fixtures.Path("reference", "gt_v2.csv")), GtTableFile.Read(Fixtures.Path("reference", "gt_v3.csv")));
        Assert.Equal(46, d.Changed.Count);
        Assert.Equal(54, d.MotorsAdded);
        Assert.Equal(0, d.MotorsRemoved);
        Assert.Equal(0, d.MotorsMoved);
        var t = d.Changed.Single(c => c.TomoId == "tomo_00e463");
        Assert.Equal([new Labels.Point3(254.5, 374.75, 144.125), new Labels.Point3(205.75, 261.0, 943.5)], t.Added.Select(a => a.Point));
    }

    [Fact]
    public void Gt_to_gt_v2_lists_the_round1_additions_with_provenance()
    {
        var d = LabelDiff.Compare(GtTableFile.Read(Fixtures.Path("reference", "gt.csv")), GtTableFile.Read(Fixtures.Path("reference", "gt_v2.csv")),
            TrainLabelsFile.Read(Fixtures.Path("reference", "train_labels_v2.csv")));
        Assert.Equal(72, d.MotorsAdded);
        Assert.All(d.Changed.SelectMany(c => c.Added), a => Assert.Equal("round1", a.Source));
    }
}
