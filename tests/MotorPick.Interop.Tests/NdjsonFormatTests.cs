using System.Text.Json;
using MotorPick.Core;
using MotorPick.Interop.Conventions;
using MotorPick.Interop.Formats;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Interop.Tests;

public class NdjsonFormatTests
{
    private const string DataRel = "tomo_00e047/VoxelSpacing15.600/Annotations/flagellar-motor-1.0_point.ndjson";

    [Fact]
    public void Golden_line_imports_with_explicit_geometry()
    {
        var result = InteropService.Import(InteropFormat.Ndjson, TestData.Golden("ndjson", "tomo_00e047.ndjson"),
            new ImportOptions { VoxelSize = 15.6, Shape = TestData.Tomo00e047.Shape });
        TestData.AssertSame(TestData.Golden00e047(), result.Set);
    }

    [Fact]
    public void Export_writes_the_golden_line_in_the_portal_layout_with_annotation_metadata()
    {
        using var tmp = Fixtures.TempDir();
        InteropService.Export(TestData.Golden00e047(), InteropFormat.Ndjson, tmp.Path, new ExportOptions());
        Assert.Equal(File.ReadAllText(TestData.Golden("ndjson", "tomo_00e047.ndjson")), File.ReadAllText(Path.Combine(tmp.Path, DataRel)));
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.Path, "tomo_00e047/VoxelSpacing15.600/Annotations/flagellar-motor-1.0.json")));
        Assert.Equal("GO:0120100", meta.RootElement.GetProperty("annotation_object").GetProperty("id").GetString());
        Assert.Equal(1, meta.RootElement.GetProperty("object_count").GetInt32());
        var file = meta.RootElement.GetProperty("files")[0];
        Assert.Equal("Point", file.GetProperty("shape").GetString());
        Assert.Equal(DataRel, file.GetProperty("path").GetString());
    }

    [Fact]
    public void The_peer_fixture_reads_every_point_type()
    {
        var result = InteropService.Import(InteropFormat.Ndjson, Fixtures.Path("peer", "points.ndjson"),
            new ImportOptions { VoxelSize = 15.6, Shape = TestData.Tomo00e047.Shape, TomoId = "tomo_00e047" });
        var picks = Assert.Single(result.Set.Tomograms).Picks;
        Assert.Equal(TestData.Motor00e047, picks[0].Point);
        Assert.Equal(new Point3(3, 40, 12.5), picks[1].Point);
        Assert.Equal(new Point3(3, 2, 1), picks[2].Point);
    }

    [Fact]
    public void Spacing_can_come_from_the_portal_folder_name_and_the_run_from_the_folder()
    {
        using var tmp = Fixtures.TempDir();
        var dir = Path.Combine(tmp.Path, "TS_7", "Reconstructions", "VoxelSpacing13.480", "Annotations", "101");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "bacterial-type-flagellum-motor-1.0_point.ndjson"), """{"type": "point", "location": {"x": 10.0, "y": 20.0, "z": 30.0}}""");
        var result = InteropService.Import(InteropFormat.Ndjson, tmp.Path, new ImportOptions { Shape = new TomoShape(64, 64, 64) });
        var t = Assert.Single(result.Set.Tomograms);
        Assert.Equal("TS_7", t.TomoId);
        Assert.Equal(13.48, t.Geometry.VoxelSpacing);
        Assert.Equal(new Point3(30, 20, 10), t.Picks[0].Point);
    }

    [Fact]
    public void A_point_outside_the_tomogram_is_refused_naming_it_and_the_convention()
    {
        using var tmp = Fixtures.TempDir();
        var f = Path.Combine(tmp.Path, "tomo_00e047.ndjson");
        // z 300 is one past the last slice of a 300-slice tomogram (as when x and z are swapped).
        File.WriteAllText(f, "{\"type\": \"point\", \"location\": {\"x\": 169.0, \"y\": 546.0, \"z\": 603.0}}\n");
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Import(InteropFormat.Ndjson, f, new ImportOptions { VoxelSize = 15.6, Shape = TestData.Tomo00e047.Shape }));
        Assert.Contains("tomo_00e047: the point at line 1 (x 169.0, y 546.0, z 603.0) maps to voxel (z, y, x) (603, 546, 169), outside the 300x959x928 tomogram", ex.Message);
        Assert.Contains("CryoET Data Portal ndjson (x, y, z): voxel indices", ex.Message);
        Assert.Contains(f, ex.Message);
    }

    [Theory]
    [InlineData("{\"type\": \"mesh\", \"location\": {\"x\": 1, \"y\": 2, \"z\": 3}}", "not a point type")]
    [InlineData("{\"type\": \"point\", \"location\": {\"x\": 1, \"y\": 2}}", "location.z is missing")]
    [InlineData("[1, 2, 3]", "one JSON object per line")]
    [InlineData("{not json", "not a JSON object")]
    public void Broken_lines_are_refused_with_file_and_line(string line, string what)
    {
        using var tmp = Fixtures.TempDir();
        var f = Path.Combine(tmp.Path, "t.ndjson");
        File.WriteAllText(f, "\n" + line + "\n");
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Import(InteropFormat.Ndjson, f, new ImportOptions { VoxelSize = 10, Shape = new TomoShape(9, 9, 9) }));
        Assert.Contains($"{f}, line 2", ex.Message);
        Assert.Contains(what, ex.Message);
    }

    [Fact]
    public void Candidates_keep_conf_as_a_score_key()
    {
        Assert.Equal("{\"type\": \"point\", \"location\": {\"x\": 1.5, \"y\": 2.0, \"z\": 3.0}, \"score\": 0.5}", NdjsonFormat.Line(new XyzPoint(1.5, 2, 3), 0.5));
    }
}
