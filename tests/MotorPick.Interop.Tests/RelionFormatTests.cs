using System.Globalization;
using MotorPick.Core;
using MotorPick.Interop.Conventions;
using MotorPick.Interop.Formats;
using MotorPick.Interop.Star;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Tests;

namespace MotorPick.Interop.Tests;

public class RelionFormatTests
{
    [Fact]
    public void Golden_relion5_line_imports_with_explicit_geometry()
    {
        var result = InteropService.Import(InteropFormat.Relion5, TestData.Golden("relion5", "particles.star"),
            new ImportOptions { VoxelSize = 15.6, Shape = TestData.Tomo00e047.Shape });
        TestData.AssertSame(TestData.Golden00e047(), result.Set);
    }

    [Fact]
    public void Golden_relion5_folder_imports_with_the_geometry_of_its_tomograms_star()
    {
        var result = InteropService.Import(InteropFormat.Relion5, TestData.Golden("relion5"), new ImportOptions());
        TestData.AssertSame(TestData.Golden00e047(), result.Set);
        Assert.Contains(result.Notes, n => n.Contains("tomograms.star", StringComparison.Ordinal));
    }

    [Fact]
    public void Export_writes_the_golden_relion5_line_and_tomogram_sizes()
    {
        using var tmp = Fixtures.TempDir();
        InteropService.Export(TestData.Golden00e047(), InteropFormat.Relion5, tmp.Path, new ExportOptions());
        AssertRows(TestData.Golden("relion5", "particles.star"), Path.Combine(tmp.Path, "particles.star"), "particles");
        AssertRows(TestData.Golden("relion5", "particles.star"), Path.Combine(tmp.Path, "particles.star"), "optics");
        AssertRows(TestData.Golden("relion5", "particles.star"), Path.Combine(tmp.Path, "particles.star"), "general");
        AssertRows(TestData.Golden("relion5", "tomograms.star"), Path.Combine(tmp.Path, "tomograms.star"), "global");
        Assert.Contains("\ntomo_00e047 2168.4 1037.4 296.4 1\n", File.ReadAllText(Path.Combine(tmp.Path, "particles.star")));
    }

    [Fact]
    public void Golden_relion4_line_at_binning_4_round_trips_both_ways()
    {
        var result = InteropService.Import(InteropFormat.Relion4, TestData.Golden("relion4"), new ImportOptions());
        TestData.AssertSame(TestData.Golden00e047(), result.Set);
        using var tmp = Fixtures.TempDir();
        InteropService.Export(TestData.Golden00e047(), InteropFormat.Relion4, tmp.Path, new ExportOptions { Binning = 4 });
        AssertRows(TestData.Golden("relion4", "particles.star"), Path.Combine(tmp.Path, "particles.star"), "particles");
        AssertRows(TestData.Golden("relion4", "particles.star"), Path.Combine(tmp.Path, "particles.star"), "optics");
        Assert.Null(StarDocument.Load(Path.Combine(tmp.Path, "particles.star")).Find("general"));
        AssertRows(TestData.Golden("relion4", "tomograms.star"), Path.Combine(tmp.Path, "tomograms.star"), "global");
    }

    [Theory]
    [InlineData(CentreConvention.Relion, 928, 464.0)]
    [InlineData(CentreConvention.Relion, 927, 463.5)]
    [InlineData(CentreConvention.RelionNapariPicker, 928, 463.0)]
    [InlineData(CentreConvention.VoxelCentre, 928, 463.5)]
    [InlineData(CentreConvention.VoxelCentre, 927, 463.0)]
    public void Centre_of_an_axis_follows_the_chosen_convention(CentreConvention c, int n, double centre)
    {
        var conv = new RelionConvention(RelionForm.Centred, 1, c);
        var g = new TomogramGeometry(new TomoShape(1, 1, n), 10);
        Assert.Equal(0.0, conv.FromVoxel(new Point3(0, 0, centre), g).X, 12);
    }

    [Fact]
    public void Binning_scales_pixels_but_not_centred_angstrom()
    {
        var g = TestData.Tomo00e047;
        var p = TestData.Motor00e047;
        var c1 = new RelionConvention(RelionForm.Centred, 1, CentreConvention.Relion).FromVoxel(p, g);
        var c4 = new RelionConvention(RelionForm.Centred, 4, CentreConvention.Relion).FromVoxel(p, g);
        Assert.Equal(c1.X, c4.X, 9);
        Assert.Equal(c1.Z, c4.Z, 9);
        var px = new RelionConvention(RelionForm.Pixels, 4, CentreConvention.Relion).FromVoxel(p, g);
        Assert.Equal(new XyzPoint(2412, 2184, 676), px);
    }

    [Fact]
    public void Origin_shifts_are_subtracted_rotated_by_the_subtomogram_angles()
    {
        using var tmp = Fixtures.TempDir();
        var star = Path.Combine(tmp.Path, "particles.star");
        File.WriteAllText(star, """
            data_particles
            loop_
            _rlnTomoName
            _rlnCoordinateX
            _rlnCoordinateY
            _rlnCoordinateZ
            _rlnOriginXAngst
            _rlnOriginYAngst
            _rlnOriginZAngst
            _rlnTomoSubtomogramRot
            _rlnTomoSubtomogramTilt
            _rlnTomoSubtomogramPsi
            t1 100 100 50 10 0 0 0 0 0
            t1 100 100 50 10 0 0 90 0 0
            """);
        var result = InteropService.Import(InteropFormat.Relion4, star, new ImportOptions { VoxelSize = 10, Shape = new TomoShape(100, 200, 200) });
        var picks = result.Set.Tomograms[0].Picks;
        Assert.Equal(new Point3(50, 100, 99), picks[0].Point);
        // rot 90°: the matrix row 1 is (-sin, cos, 0) -> the x shift moves y by +1 pixel (Euler::anglesToMatrix3).
        Assert.Equal(100, picks[1].Point.X, 9);
        Assert.Equal(101, picks[1].Point.Y, 9);
    }

    [Fact]
    public void Relion3_files_name_tomograms_by_micrograph_and_shift_in_pixels()
    {
        using var tmp = Fixtures.TempDir();
        var star = Path.Combine(tmp.Path, "old.star");
        File.WriteAllText(star, "data_\nloop_\n_rlnMicrographName\n_rlnCoordinateX\n_rlnCoordinateY\n_rlnCoordinateZ\n_rlnOriginX\n_rlnOriginY\n_rlnOriginZ\n_rlnAutopickFigureOfMerit\nTomograms/tomo_x.mrc 10 20 30 1 2 3 0.5\n");
        var result = InteropService.Import(InteropFormat.Relion4, star, new ImportOptions { VoxelSize = 10, Shape = new TomoShape(64, 64, 64) });
        var t = Assert.Single(result.Set.Tomograms);
        Assert.Equal("tomo_x", t.TomoId);
        Assert.Equal(new Point3(27, 18, 9), t.Picks[0].Point);
        Assert.Equal(PickKind.Candidates, result.Set.Kind);
        Assert.Equal(0.5, t.Picks[0].Score);
    }

    [Fact]
    public void A_file_with_the_other_form_is_read_in_that_form()
    {
        var result = InteropService.Import(InteropFormat.Relion5, TestData.Golden("relion4"), new ImportOptions());
        TestData.AssertSame(TestData.Golden00e047(), result.Set);
        Assert.Contains(result.Notes, n => n.Contains("RELION 3/4 pixel coordinates", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wrong_centre_puts_the_point_outside_and_the_message_names_point_and_convention()
    {
        using var tmp = Fixtures.TempDir();
        var star = Path.Combine(tmp.Path, "p.star");
        File.WriteAllText(star, "data_particles\nloop_\n_rlnTomoName\n_rlnCenteredCoordinateXAngst\n_rlnCenteredCoordinateYAngst\n_rlnCenteredCoordinateZAngst\ntomo_00e047 9406.8 8517.6 2636.4\n");
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Import(InteropFormat.Relion5, star, new ImportOptions { VoxelSize = 15.6, Shape = TestData.Tomo00e047.Shape }));
        Assert.Contains("tomo_00e047: the point at line 7 (x 9406.8, y 8517.6, z 2636.4)", ex.Message);
        Assert.Contains("outside the 300x959x928 tomogram", ex.Message);
        Assert.Contains("RELION 5 rlnCenteredCoordinateX/Y/ZAngst: Å from the centre (relion)", ex.Message);
    }

    [Fact]
    public void A_tomogram_name_that_is_not_an_identifier_is_refused_where_it_is_read()
    {
        using var tmp = Fixtures.TempDir();
        var star = Path.Combine(tmp.Path, "p.star");
        File.WriteAllText(star, "data_particles\nloop_\n_rlnTomoName\n_rlnCenteredCoordinateXAngst\n_rlnCenteredCoordinateYAngst\n_rlnCenteredCoordinateZAngst\n../evil 0 0 0\n");
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Import(InteropFormat.Relion5, star, new ImportOptions { VoxelSize = 15.6, Shape = TestData.Tomo00e047.Shape }));
        Assert.Equal("tomo_id", ex.Field);
        Assert.Contains("tomogram id '../evil' is not a valid identifier", ex.Message);
    }

    [Fact]
    public void A_binning_that_disagrees_with_tomograms_star_is_refused()
    {
        var ex = Assert.Throws<MotorPickException>(() => InteropService.Import(InteropFormat.Relion4, TestData.Golden("relion4"), new ImportOptions { Binning = 2 }));
        Assert.Contains("--binning 2.0 disagrees with rlnTomoTomogramBinning 4.0", ex.Message);
    }

    [Fact]
    public void Candidates_carry_conf_as_the_autopick_figure_of_merit()
    {
        using var tmp = Fixtures.TempDir();
        var set = new PickSet(PickKind.Candidates, [new TomogramPicks("tomo_00e047", TestData.Tomo00e047, [new Pick(TestData.Motor00e047, 0.875)])]);
        InteropService.Export(set, InteropFormat.Relion5, tmp.Path, new ExportOptions());
        var block = StarDocument.Load(Path.Combine(tmp.Path, "particles.star")).Find("particles")!;
        Assert.Equal("0.875", block.Rows[0][block.Column("rlnAutopickFigureOfMerit")]);
        TestData.AssertSame(set, InteropService.Import(InteropFormat.Relion5, Path.Combine(tmp.Path, "optimisation_set.star"), new ImportOptions()).Set);
    }

    /// <summary>Same labels, same number of rows, names equal and numbers equal to 1e-9.</summary>
    private static void AssertRows(string expectedPath, string actualPath, string block)
    {
        var e = StarDocument.Load(expectedPath).Find(block)!;
        var a = StarDocument.Load(actualPath).Find(block)!;
        Assert.Equal(e.Columns, a.Columns);
        Assert.Equal(e.Rows.Count, a.Rows.Count);
        for (var r = 0; r < e.Rows.Count; r++)
        {
            for (var c = 0; c < e.Columns.Count; c++)
            {
                var ev = e.Rows[r][c];
                var av = a.Rows[r][c];
                if (double.TryParse(ev, NumberStyles.Float, CultureInfo.InvariantCulture, out var ed))
                    Assert.True(Math.Abs(ed - double.Parse(av, CultureInfo.InvariantCulture)) <= 1e-9 * Math.Max(1, Math.Abs(ed)), $"{e.Columns[c]}: expected {ev}, found {av}");
                else Assert.Equal(ev, av);
            }
        }
    }
}
