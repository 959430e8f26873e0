using System.Globalization;
using MotorPick.Core;
using MotorPick.Interop.Conventions;
using MotorPick.Interop.Sidecar;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Interop.Tests;

public class InteropServiceTests
{
    public static TheoryData<InteropFormat, PickKind> FormatsAndKinds()
    {
        var data = new TheoryData<InteropFormat, PickKind>();
        foreach (var f in Enum.GetValues<InteropFormat>())
        {
            data.Add(f, PickKind.Labels);
            data.Add(f, PickKind.Candidates);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndKinds))]
    public void Round_trip_through_the_sidecar_is_exact_for_odd_and_even_sizes_and_several_spacings(InteropFormat format, PickKind kind)
    {
        using var tmp = Fixtures.TempDir();
        var set = TestData.Varied(kind);
        InteropService.Export(set, format, tmp.Path, new ExportOptions());
        TestData.AssertSame(set, InteropService.Import(format, tmp.Path, new ImportOptions()).Set);
    }

    [Theory]
    [InlineData(InteropFormat.Relion5, 4.0, CentreConvention.Relion)]
    [InlineData(InteropFormat.Relion5, 2.0, CentreConvention.RelionNapariPicker)]
    [InlineData(InteropFormat.Relion5, 1.0, CentreConvention.VoxelCentre)]
    [InlineData(InteropFormat.Relion4, 3.0, CentreConvention.Relion)]
    public void Relion_round_trips_with_binning_and_every_centre_convention(InteropFormat format, double binning, CentreConvention centre)
    {
        using var tmp = Fixtures.TempDir();
        var set = TestData.Varied(PickKind.Candidates, seed: 11);
        InteropService.Export(set, format, tmp.Path, new ExportOptions { Binning = binning, Centre = centre });
        TestData.AssertSame(set, InteropService.Import(format, tmp.Path, new ImportOptions()).Set);
        // Without the sidecar the binning comes from tomograms.star; the centre convention must then be given again.
        File.Delete(Path.Combine(tmp.Path, GeometrySidecar.FileName));
        TestData.AssertSame(set, InteropService.Import(format, tmp.Path, new ImportOptions { Centre = centre, Kind = PickKind.Candidates }).Set);
    }

    [Theory]
    [InlineData(InteropFormat.Copick)]
    [InlineData(InteropFormat.Relion5)]
    [InlineData(InteropFormat.Relion4)]
    [InlineData(InteropFormat.Ndjson)]
    [InlineData(InteropFormat.Napari)]
    public void Reference_tables_round_trip_with_the_geometry_from_the_label_table(InteropFormat format)
    {
        foreach (var table in new[] { "gt_v3.csv", "external_gt.csv" })
        {
            using var tmp = Fixtures.TempDir();
            // Up to three tomograms of every voxel spacing (and both parities of X), empty ones included: the
            // whole tables would spend minutes on fsyncs for no extra coverage.
            var full = GtTableFile.Read(TestData.Ref(table));
            var gt = new GtTable(full.Rows.GroupBy(r => (r.VoxelSpacing, r.Shape.X % 2, r.NumMotors == 0)).SelectMany(g => g.Take(3)).ToArray(), full.Layout, full.Source);
            var set = PickSet.FromGt(gt);
            InteropService.Export(set, format, tmp.Path, new ExportOptions());
            File.Delete(Path.Combine(tmp.Path, GeometrySidecar.FileName));
            var back = InteropService.Import(format, tmp.Path, new ImportOptions { Tomograms = gt, Kind = PickKind.Labels }).Set;
            TestData.AssertSame(set, back);
        }
    }

    [Theory]
    [InlineData(InteropFormat.Copick)]
    [InlineData(InteropFormat.Relion5)]
    [InlineData(InteropFormat.Relion4)]
    [InlineData(InteropFormat.Ndjson)]
    [InlineData(InteropFormat.Napari)]
    public void Re_spaced_tomograms_export_in_their_original_grid_and_come_back_exactly(InteropFormat format)
    {
        using var tmp = Fixtures.TempDir();
        var (set, meta) = Respaced(tmp);
        var outDir = Path.Combine(tmp.Path, "out");
        var result = InteropService.Export(set, format, outDir, new ExportOptions { OriginalGridMeta = meta });
        Assert.Equal(set.Tomograms.Count, result.InOriginalGrid);
        TestData.AssertSame(set, InteropService.Import(format, outDir, new ImportOptions()).Set);
        // Without the sidecar: the label table gives the stored grid and the meta files the original one.
        File.Delete(Path.Combine(outDir, GeometrySidecar.FileName));
        var gt = new GtTable(set.Tomograms.Select(t => new GtRow(t.TomoId, t.Geometry.Shape, t.Geometry.VoxelSpacing, t.Picks.Select(p => p.Point).ToArray())).ToArray(), GtLayout.Short);
        TestData.AssertSame(set, InteropService.Import(format, outDir, new ImportOptions { Tomograms = gt, OriginalGridMeta = meta, Kind = PickKind.Labels }).Set);
    }

    [Fact]
    public void Original_grid_coordinates_follow_the_reference_half_voxel_rule()
    {
        using var tmp = Fixtures.TempDir();
        var (set, meta) = Respaced(tmp);
        var first = set.Tomograms[0];
        InteropService.Export(set, InteropFormat.Napari, tmp.Path, new ExportOptions { OriginalGridMeta = meta });
        var row = File.ReadAllLines(Path.Combine(tmp.Path, first.TomoId + ".csv"))[1].Split(',');
        var grid = RespacedGrid.TryLoad(meta, first.TomoId)!;
        var p = first.Picks[0].Point;
        Assert.Equal((p.Z + 0.5) * grid.Original.Shape.Z / grid.Stored.Shape.Z - 0.5, double.Parse(row[1], CultureInfo.InvariantCulture), 9);
        Assert.Equal((p.X + 0.5) * grid.Original.Shape.X / grid.Stored.Shape.X - 0.5, double.Parse(row[3], CultureInfo.InvariantCulture), 9);
        var side = GeometrySidecar.Read(Path.Combine(tmp.Path, GeometrySidecar.FileName)).Find(first.TomoId)!;
        Assert.Equal(grid.Original, side.Grid);
        Assert.Equal(grid.Stored, side.Stored);
    }

    [Fact]
    public void Labels_in_a_grid_other_than_the_meta_files_stored_grid_are_refused()
    {
        using var tmp = Fixtures.TempDir();
        var (set, meta) = Respaced(tmp);
        var wrong = new PickSet(set.Kind, [set.Tomograms[0] with { Geometry = set.Tomograms[0].Geometry with { VoxelSpacing = 10.829 } }]);
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Export(wrong, InteropFormat.Ndjson, Path.Combine(tmp.Path, "o"), new ExportOptions { OriginalGridMeta = meta }));
        Assert.Contains("is not the stored grid of the meta file", ex.Message);
    }

    [Fact]
    public void A_candidate_outside_its_tomogram_is_refused_before_anything_is_written()
    {
        using var tmp = Fixtures.TempDir();
        var set = new PickSet(PickKind.Candidates, [new TomogramPicks("t", TestData.Tomo00e047, [new Pick(new Point3(300, 1, 1), 0.9)])]);
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Export(set, InteropFormat.Copick, Path.Combine(tmp.Path, "o"), new ExportOptions()));
        Assert.Contains("t: pick (z, y, x) (300, 1, 1) lies outside the tomogram 300x959x928", ex.Message);
        Assert.False(Directory.Exists(Path.Combine(tmp.Path, "o")));
    }

    [Fact]
    public void Without_any_voxel_spacing_the_import_says_how_to_give_one()
    {
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Import(InteropFormat.Napari, TestData.Golden("napari"), new ImportOptions()));
        Assert.Contains("no voxel spacing is known", ex.Message);
        Assert.Contains("--voxel-size", ex.Message);
    }

    [Fact]
    public void A_tomogram_missing_from_the_label_table_is_named()
    {
        var gt = GtTableFile.Read(TestData.Ref("external_gt.csv"));
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Import(InteropFormat.Napari, TestData.Golden("napari"), new ImportOptions { Tomograms = gt }));
        Assert.Contains("tomo_00e047 (read from", ex.Message);
        Assert.Contains("is not in the label table", ex.Message);
    }

    [Fact]
    public void Label_files_candidates_and_train_labels_convert_through_pick_sets()
    {
        using var tmp = Fixtures.TempDir();
        var (labels, _) = PickSetFiles.Read(TestData.Ref("train_labels_v2.csv"));
        Assert.Equal(PickKind.Labels, labels.Kind);
        var cand = Path.Combine(tmp.Path, "candidates.csv");
        File.WriteAllText(cand, "tomo_id,motor_z,motor_y,motor_x,conf\ntomo_00e047,169.0,546.0,603.0,0.9\ntomo_003acc,-1.0,-1.0,-1.0,0.0\n");
        var gt = GtTableFile.Read(TestData.Ref("gt.csv"));
        var (candidates, _) = PickSetFiles.Read(cand, PickSetFiles.Geometry(gt, null));
        Assert.Equal(PickKind.Candidates, candidates.Kind);
        Assert.Equal(2, candidates.Tomograms.Count);
        Assert.Empty(candidates.Tomograms[1].Picks);
        PickSetFiles.Write(candidates, Path.Combine(tmp.Path, "back.csv"));
        Assert.Equal(File.ReadAllText(cand), File.ReadAllText(Path.Combine(tmp.Path, "back.csv")));
        var ex = Assert.Throws<MotorPickException>(() => PickSetFiles.Read(cand));
        Assert.Contains("no shape and voxel spacing known for tomo_00e047", ex.Message);
    }

    /// <summary>Three external tomograms (stored at 16 Å) with meta files giving an original portal grid at 10.829 Å.</summary>
    private static (PickSet Set, string MetaDir) Respaced(TempDir tmp)
    {
        var gt = GtTableFile.Read(TestData.Ref("external_gt.csv"));
        var rows = gt.Rows.Where(r => r.VoxelSpacing == 16.0).Take(3).ToArray();
        var meta = Path.Combine(tmp.Path, "meta");
        Directory.CreateDirectory(meta);
        foreach (var r in rows)
        {
            // The stored shape is floor(n · ori / target); pick an original shape that gives it.
            int Ori(int n) => (int)Math.Ceiling(n * 16.0 / 10.829);
            File.WriteAllText(Path.Combine(meta, r.TomoId + ".json"),
                $"{{\"tomo_id\": \"{r.TomoId}\", \"ori_spacing\": 10.829, \"ori_shape\": [{Ori(r.Shape.Z)}, {Ori(r.Shape.Y)}, {Ori(r.Shape.X)}], " +
                $"\"target_spacing\": 16.0, \"target_shape\": [{r.Shape.Z}, {r.Shape.Y}, {r.Shape.X}]}}");
        }
        return (PickSet.FromGt(new GtTable(rows, GtLayout.Short)), meta);
    }
}
