using MotorPick.Labels.Splits;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Labels.Tests.Splits;

public class SplitBuilderTests
{
    private static string Ref(params string[] p) => Fixtures.Path(["reference", .. p]);

    [Theory]
    [InlineData("gt.csv", "v1", 4)]
    [InlineData("gt.csv", "v1", 5)]
    [InlineData("gt_v2.csv", "v2", 4)]
    [InlineData("gt_v2.csv", "v2", 5)]
    public void Stratified_kfold_assigns_folds_exactly_as_scikit_learn(string gt, string version, int k) // facts 11-13
    {
        var expected = CvSplitFile.Read(Ref("cv", version, $"skf{k}_rd42.json"));
        var split = SplitBuilder.StratifiedKFold(GtTableFile.Read(Ref(gt)), k, 42, maxValMotors: 1);
        Assert.Equal(k, split.Folds.Count);
        for (var f = 0; f < k; f++)
        {
            Assert.Equal(expected.Folds[f].Val, split.Folds[f].Val);
            Assert.Equal(expected.Folds[f].Train.Order(StringComparer.Ordinal), split.Folds[f].Train);
        }
    }

    [Fact]
    public void Refine_derives_the_v3_split_exactly() // docs/reference.md 9.12
    {
        var v2 = CvSplitFile.Read(Ref("cv", "v2", "skf4_rd42.json"));
        var v3 = SplitBuilder.Refine(v2, GtTableFile.Read(Ref("all_gt_v3.csv")), 1);
        Assert.Equal(File.ReadAllText(Ref("cv", "v3", "skf4_rd42.json")), CvSplitFile.Format(v3));
        Assert.Equal([141, 142, 145, 141], v3.Folds.Select(f => f.Val.Count));
    }

    [Fact]
    public void Split_files_round_trip_byte_identically()
    {
        foreach (var file in Directory.GetFiles(Ref("cv"), "*.json", SearchOption.AllDirectories))
            Assert.Equal(File.ReadAllText(file), CvSplitFile.Format(CvSplitFile.Read(file)));
    }

    [Fact]
    public void Group_split_keeps_each_spacing_in_one_fold_and_covers_every_tomogram()
    {
        var gt = GtTableFile.Read(Ref("gt.csv"));
        var groups = gt.Rows.ToDictionary(r => r.TomoId, r => Core.PyFormat.Float(r.VoxelSpacing));
        var split = SplitBuilder.StratifiedGroupKFold(gt, groups, "voxel_spacing", 4, 42, maxValMotors: null);
        var valIds = split.Folds.SelectMany(f => f.Val).ToArray();
        Assert.Equal(gt.Rows.Count, valIds.Length);
        Assert.Equal(gt.Rows.Count, valIds.Distinct().Count());
        foreach (var f in split.Folds)
        {
            var spacingsHere = f.Val.Select(id => groups[id]).ToHashSet();
            var spacingsElsewhere = split.Folds.Where(o => o != f).SelectMany(o => o.Val).Select(id => groups[id]).ToHashSet();
            Assert.Empty(spacingsHere.Intersect(spacingsElsewhere));
            Assert.NotEmpty(f.Val);
        }
    }
}
