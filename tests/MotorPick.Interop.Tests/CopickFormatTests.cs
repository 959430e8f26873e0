using System.Text.Json;
using MotorPick.Core;
using MotorPick.Interop.Formats;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Interop.Tests;

public class CopickFormatTests
{
    private const string PicksRel = "ExperimentRuns/tomo_00e047/Picks/motorpick_0_flagellar-motor.json";

    [Fact]
    public void Golden_project_imports_to_the_known_motor()
    {
        var result = InteropService.Import(InteropFormat.Copick, TestData.Golden("copick"), new ImportOptions { Shape = TestData.Tomo00e047.Shape });
        TestData.AssertSame(TestData.Golden00e047(), result.Set);
    }

    [Fact]
    public void Golden_project_imports_through_its_config_file_even_when_moved()
    {
        var result = InteropService.Import(InteropFormat.Copick, TestData.Golden("copick", "copick_config.json"), new ImportOptions { Shape = TestData.Tomo00e047.Shape });
        TestData.AssertSame(TestData.Golden00e047(), result.Set);
    }

    [Fact]
    public void Export_matches_the_golden_picks_file_and_writes_a_config_with_the_motor_object()
    {
        using var tmp = Fixtures.TempDir();
        InteropService.Export(TestData.Golden00e047(), InteropFormat.Copick, tmp.Path, new ExportOptions());
        JsonAssert.Equivalent(File.ReadAllText(TestData.Golden("copick", PicksRel)), File.ReadAllText(Path.Combine(tmp.Path, PicksRel)));
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.Path, CopickFormat.ConfigName)));
        var motor = config.RootElement.GetProperty("pickable_objects")[0];
        Assert.Equal("flagellar-motor", motor.GetProperty("name").GetString());
        Assert.Equal("GO:0120100", motor.GetProperty("identifier").GetString());
        Assert.Equal(500.0, motor.GetProperty("radius").GetDouble());
        Assert.Equal(4, motor.GetProperty("color").GetArrayLength());
        Assert.True(motor.GetProperty("is_particle").GetBoolean());
        Assert.Equal("local://" + Path.GetFullPath(tmp.Path) + "/", config.RootElement.GetProperty("overlay_root").GetString());
        Assert.True(Directory.Exists(Path.Combine(tmp.Path, "ExperimentRuns", "tomo_00e047", "VoxelSpacing15.600")));
    }

    [Fact]
    public void Export_into_an_existing_project_keeps_its_objects_and_adds_the_motor()
    {
        using var tmp = Fixtures.TempDir();
        File.WriteAllText(Path.Combine(tmp.Path, CopickFormat.ConfigName),
            """{"name": "mine", "pickable_objects": [{"name": "ribosome", "is_particle": true, "label": 3, "radius": 150.0}], "overlay_root": "local:///x/"}""");
        InteropService.Export(TestData.Golden00e047(), InteropFormat.Copick, tmp.Path, new ExportOptions { User = "alice.b", Session = "7" });
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(tmp.Path, CopickFormat.ConfigName)));
        var objects = config.RootElement.GetProperty("pickable_objects");
        Assert.Equal(["ribosome", "flagellar-motor"], objects.EnumerateArray().Select(o => o.GetProperty("name").GetString()));
        Assert.Equal(4, objects[1].GetProperty("label").GetInt32());
        Assert.Equal("local:///x/", config.RootElement.GetProperty("overlay_root").GetString());
        Assert.True(File.Exists(Path.Combine(tmp.Path, "ExperimentRuns/tomo_00e047/Picks/alice.b_7_flagellar-motor.json")));
    }

    [Theory]
    [InlineData("my_user", "0", "contains '_'")]
    [InlineData("me", "session one", "contains ' '")]
    [InlineData("-me", "0", "starts or ends with '-'")]
    public void Names_copick_would_rewrite_are_refused(string user, string session, string why)
    {
        using var tmp = Fixtures.TempDir();
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Export(TestData.Golden00e047(), InteropFormat.Copick, tmp.Path, new ExportOptions { User = user, Session = session }));
        Assert.Contains(why, ex.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void Two_pick_sets_of_one_run_need_user_and_session()
    {
        using var tmp = Fixtures.TempDir();
        InteropService.Export(TestData.Golden00e047(), InteropFormat.Copick, tmp.Path, new ExportOptions { User = "a" });
        InteropService.Export(TestData.Golden00e047(), InteropFormat.Copick, tmp.Path, new ExportOptions { User = "b" });
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Import(InteropFormat.Copick, tmp.Path, new ImportOptions()));
        Assert.Contains("a_0_flagellar-motor.json, b_0_flagellar-motor.json", ex.Message);
        var one = InteropService.Import(InteropFormat.Copick, tmp.Path, new ImportOptions { User = "b", Session = "0" });
        TestData.AssertSame(TestData.Golden00e047(), one.Set);
    }

    [Fact]
    public void Translation_of_the_transformation_is_added_and_the_shape_is_read_from_the_run_zarr()
    {
        using var tmp = Fixtures.TempDir();
        var picks = Path.Combine(tmp.Path, "ExperimentRuns", "TS_1", "Picks");
        Directory.CreateDirectory(picks);
        File.WriteAllText(Path.Combine(picks, "octopi_1_flagellar-motor.json"), """
            {"pickable_object_name": "flagellar-motor", "user_id": "octopi", "session_id": "1", "run_name": "TS_1",
             "voxel_spacing": 10.0, "unit": "angstrom",
             "points": [{"location": {"x": 100.0, "y": 200.0, "z": 300.0},
                         "transformation_": [[1,0,0,5],[0,1,0,10],[0,0,1,-20],[0,0,0,1]], "instance_id": 2, "score": 0.25}]}
            """);
        var zarray = Path.Combine(tmp.Path, "ExperimentRuns", "TS_1", "VoxelSpacing10.000", "wbp.zarr", "0");
        Directory.CreateDirectory(zarray);
        File.WriteAllText(Path.Combine(zarray, ".zarray"), """{"shape": [200, 630, 630], "chunks": [256, 256, 256], "zarr_format": 2}""");
        var result = InteropService.Import(InteropFormat.Copick, tmp.Path, new ImportOptions());
        var t = Assert.Single(result.Set.Tomograms);
        Assert.Equal(new TomoShape(200, 630, 630), t.Geometry.Shape);
        Assert.Equal(PickKind.Candidates, result.Set.Kind);
        Assert.Equal(new Point3(28, 21, 10.5), t.Picks[0].Point);
        Assert.Equal(0.25, t.Picks[0].Score);
    }

    [Fact]
    public void A_spacing_that_disagrees_with_the_file_is_refused_naming_both()
    {
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Import(InteropFormat.Copick, TestData.Golden("copick"),
            new ImportOptions { VoxelSize = 13.1, Shape = TestData.Tomo00e047.Shape }));
        Assert.Contains("--voxel-size gives voxel spacing 13.1 Å", ex.Message);
        Assert.Contains("motorpick_0_flagellar-motor.json gives 15.6 Å", ex.Message);
    }

    [Fact]
    public void Without_a_shape_the_import_is_refused()
    {
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Import(InteropFormat.Copick, TestData.Golden("copick"), new ImportOptions()));
        Assert.Contains("shape is not known", ex.Message);
    }
    [Fact]
    public void Picks_files_are_laid_out_as_copicks_own_json_dump_with_indent_4()
    {
        // Python: json.dumps(<the golden file's dict>, indent=4), as copick's CopickPicksFSSpec._store writes it.
        const string python = "{\n    \"pickable_object_name\": \"flagellar-motor\",\n    \"user_id\": \"motorpick\",\n    \"session_id\": \"0\",\n    \"run_name\": \"tomo_00e047\",\n    \"voxel_spacing\": 15.6,\n    \"unit\": \"angstrom\",\n    \"points\": [],\n    \"trust_orientation\": false\n}\n";
        var empty = new TomogramPicks("tomo_00e047", TestData.Tomo00e047, []);
        Assert.Equal(python, CopickFormat.PicksJson(empty, new ExportOptions(), PickKind.Labels));
        var one = CopickFormat.PicksJson(TestData.Golden00e047().Tomograms[0], new ExportOptions(), PickKind.Labels);
        Assert.Contains("            \"transformation_\": [\n                [\n                    1.0,\n                    0.0,\n", one);
        Assert.Contains("            \"instance_id\": 0,\n            \"score\": 1.0\n        }\n    ],\n", one);
    }
}
