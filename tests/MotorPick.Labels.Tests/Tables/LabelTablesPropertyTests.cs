using CsCheck;
using MotorPick.Labels.Tables;
using MotorPick.Tests;
using MotorPick.Tests.Properties;

namespace MotorPick.Labels.Tests.Tables;

/// <summary>Properties of <see cref="LabelTables.ReadAsGt"/>: a per-motor file and the gt table built from it read as the
/// same tomograms and motors, whichever of the two files is given.</summary>
public class LabelTablesPropertyTests
{
    [Fact]
    public void A_train_labels_file_and_its_gt_table_read_as_the_same_table()
    {
        using var dir = Fixtures.TempDir();
        Gen.Select(LabelGen.Tomograms(8), Gen.Bool).Check(t =>
        {
            var (tomos, full) = t;
            var labels = TrainLabelsTable.FromTomograms(tomos);
            TrainLabelsFile.Write(dir.File("train_labels.csv"), labels);
            GtTableFile.Write(dir.File("gt.csv"), GtTable.FromTrainLabels(labels), full ? GtLayout.Full : GtLayout.Short);
            var (fromLabels, warnings) = LabelTables.ReadAsGt(dir.File("train_labels.csv"));
            var (fromGt, _) = LabelTables.ReadAsGt(dir.File("gt.csv"));
            Assert.Empty(warnings);
            Assert.Equal(dir.File("train_labels.csv"), fromLabels.Source);
            Assert.Equal(fromLabels.Rows.Select(r => (r.TomoId, r.Shape, r.VoxelSpacing)), fromGt.Rows.Select(r => (r.TomoId, r.Shape, r.VoxelSpacing)));
            Assert.Equal(fromLabels.Rows.Select(r => r.Motors), fromGt.Rows.Select(r => r.Motors));
        }, iter: 20, stream: 105);
    }
}
