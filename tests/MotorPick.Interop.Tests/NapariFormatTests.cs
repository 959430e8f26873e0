using MotorPick.Core;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Interop.Tests;

public class NapariFormatTests
{
    [Fact]
    public void Golden_row_imports_with_explicit_geometry()
    {
        var result = InteropService.Import(InteropFormat.Napari, TestData.Golden("napari", "tomo_00e047.csv"),
            new ImportOptions { VoxelSize = 15.6, Shape = TestData.Tomo00e047.Shape });
        TestData.AssertSame(TestData.Golden00e047(), result.Set);
    }

    [Fact]
    public void Export_writes_the_golden_file()
    {
        using var tmp = Fixtures.TempDir();
        InteropService.Export(TestData.Golden00e047(), InteropFormat.Napari, tmp.Path, new ExportOptions());
        Assert.Equal(File.ReadAllText(TestData.Golden("napari", "tomo_00e047.csv")), File.ReadAllText(Path.Combine(tmp.Path, "tomo_00e047.csv")));
    }

    [Fact]
    public void Files_without_the_index_column_and_with_features_are_read()
    {
        using var tmp = Fixtures.TempDir();
        var f = Path.Combine(tmp.Path, "tomo_a.csv");
        File.WriteAllText(f, "axis-0,axis-1,axis-2,label,score\n1,2,3,motor,0.75\n");
        var result = InteropService.Import(InteropFormat.Napari, f, new ImportOptions { VoxelSize = 10, Shape = new TomoShape(9, 9, 9) });
        var t = Assert.Single(result.Set.Tomograms);
        Assert.Equal("tomo_a", t.TomoId);
        Assert.Equal(new Point3(1, 2, 3), t.Picks[0].Point);
        Assert.Equal(PickKind.Candidates, result.Set.Kind);
        Assert.Equal(0.75, t.Picks[0].Score);
    }

    [Fact]
    public void A_point_outside_is_refused_and_a_wrong_header_is_named()
    {
        using var tmp = Fixtures.TempDir();
        var f = Path.Combine(tmp.Path, "tomo_a.csv");
        File.WriteAllText(f, "index,axis-0,axis-1,axis-2\n0.0,8.5,0,0\n");
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Import(InteropFormat.Napari, f, new ImportOptions { VoxelSize = 10, Shape = new TomoShape(9, 9, 9) }));
        Assert.Contains("the point at line 2", ex.Message);
        Assert.Contains("napari points (axis-0, axis-1, axis-2 = z, y, x)", ex.Message);
        File.WriteAllText(f, "z,y,x\n1,2,3\n");
        ex = Assert.Throws<MotorPickException>(() => InteropService.Import(InteropFormat.Napari, f, new ImportOptions { VoxelSize = 10, Shape = new TomoShape(9, 9, 9) }));
        Assert.Contains("missing column 'axis-0'", ex.Message);
    }
}
