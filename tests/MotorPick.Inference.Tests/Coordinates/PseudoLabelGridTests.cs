using MotorPick.Inference.Coordinates;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Inference.Tests.Coordinates;

/// <summary>Fact 22: the double-rounding formula puts every model-made coordinate of the reference's label files on the heatmap grid.</summary>
public class PseudoLabelGridTests
{
    private static bool OnGrid(double c, int stride, double spacing)
    {
        var estimate = (int)Math.Round((c + 0.5) * spacing / (16.0 * stride) - 0.5);
        for (var k = Math.Max(0, estimate - 2); k <= estimate + 2; k++)
            if (CoordinateMap.ToOriginal(k, stride, 16, spacing, Fp16Coords.Double) == c) return true;
        return false;
    }

    private static bool OnGrid(Point3 p, int stride, double spacing) => OnGrid(p.Z, stride, spacing) && OnGrid(p.Y, stride, spacing) && OnGrid(p.X, stride, spacing);

    [Fact]
    public void Fact22_Round1PseudoLabelsAreOnTheStride8Grid()
    {
        var table = TrainLabelsFile.Read(Fixtures.Path("reference", "train_labels_v2.csv"));
        var pseudo = table.Rows.Where(r => double.Parse(table.Extra(r, "conf")!, System.Globalization.CultureInfo.InvariantCulture) < 1).ToArray();
        Assert.Equal(72, pseudo.Length);
        Assert.All(pseudo, r => Assert.True(OnGrid(r.Motor, 8, r.VoxelSpacing), $"{r.TomoId} {r.Motor}"));
    }

    [Fact]
    public void Fact22_Round2AdditionsAreOnTheStride4Grid()
    {
        var v2 = GtTableFile.Read(Fixtures.Path("reference", "gt_v2.csv"));
        var v3 = GtTableFile.Read(Fixtures.Path("reference", "gt_v3.csv"));
        var added = new List<(Point3 P, double Spacing)>();
        foreach (var row in v3.Rows)
        {
            var before = v2[row.TomoId].Motors.ToList();
            foreach (var m in row.Motors)
                if (!before.Remove(m)) added.Add((m, row.VoxelSpacing));
        }
        Assert.Equal(54, added.Count);
        Assert.All(added, a => Assert.True(OnGrid(a.P, 4, a.Spacing), a.P.ToString()));
    }

    [Fact]
    public void Fact22_ExternalPredictionsAreOnTheStride4Grid()
    {
        var external = GtTableFile.Read(Fixtures.Path("reference", "external_gt.csv"));
        var motors = external.Rows.SelectMany(r => r.Motors.Select(m => (m, r.VoxelSpacing))).ToArray();
        Assert.Equal(1668, motors.Length);
        Assert.Equal(1425, motors.Count(t => OnGrid(t.m, 4, t.VoxelSpacing)));
    }
}
