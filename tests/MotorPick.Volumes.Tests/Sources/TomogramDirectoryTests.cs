using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Jpeg;
using MotorPick.Formats.Mrc;
using MotorPick.Formats.Npy;
using MotorPick.Formats.Zarr;
using MotorPick.Tests;
using MotorPick.Volumes.Files;
using MotorPick.Volumes.Histograms;
using MotorPick.Volumes.Sources;

namespace MotorPick.Volumes.Tests.Sources;

public class TomogramDirectoryTests
{
    private static readonly VolumeShape Shape = new(4, 8, 6);

    private static byte[] Voxels(int seed)
    {
        var rng = new Random(seed);
        var v = new byte[Shape.VoxelCount];
        rng.NextBytes(v);
        return v;
    }

    private static void Jpeg(string dir, byte[] voxels)
    {
        using var w = new JpegSliceStackWriter(dir, Shape.Z, Shape.Y, Shape.X);
        w.WriteSlab<byte>(voxels);
        w.Complete();
    }

    private static void Mrc(string path, double spacing) => MrcWriter.Write<byte>(path, Voxels(1), Shape, VoxelSize.Isotropic(spacing));
    private static void Npy(string path, byte[]? voxels = null) => NpyWriter.Write<byte>(path, voxels ?? Voxels(2), Shape);
    private static void Zarr(string path, double spacing) => OmeZarrWriter.Write(path, new float[Shape.VoxelCount], Shape, VoxelSize.Isotropic(spacing));

    [Fact]
    public void Lists_a_root_of_mixed_formats_and_ignores_caches_and_other_files()
    {
        using var dir = Fixtures.TempDir();
        Jpeg(dir.File("tomo_jpeg"), Voxels(0));
        Mrc(dir.File("tomo_mrc.mrc"), 13.1);
        Npy(dir.File("tomo_npy.npy"));
        Zarr(dir.File("tomo_zarr.zarr"), 10);
        Directory.CreateDirectory(dir.File(".motorpick-cache"));
        Npy(dir.File(".motorpick-cache/tomo_npy@13.1A.npy"));
        File.WriteAllText(dir.File("gt.csv"), "x");
        Directory.CreateDirectory(dir.File("notes"));
        Mrc(dir.File("tilts.st"), 13.1);

        var data = TomogramDirectory.Open(dir.Path);
        Assert.Equal(["tomo_jpeg", "tomo_mrc", "tomo_npy", "tomo_zarr"], data.Tomograms.Select(t => t.TomoId));
        Assert.Equal([VolumeFormat.JpegStack, VolumeFormat.Mrc, VolumeFormat.Npy, VolumeFormat.OmeZarr], data.Tomograms.Select(t => t.Format));
        using var r = data.OpenVolume("tomo_zarr");
        Assert.Equal(Shape, r.Shape);
    }

    [Theory]
    [InlineData("tomogram")]
    [InlineData("train")]
    public void A_portal_or_competition_folder_is_read_through_its_tomogram_or_train_folder(string sub)
    {
        using var dir = Fixtures.TempDir();
        Jpeg(Path.Combine(dir.Path, sub, "tomo_a"), Voxels(0));
        Directory.CreateDirectory(dir.File("labels"));
        var viaRoot = TomogramDirectory.Open(dir.Path);
        var viaSub = TomogramDirectory.Open(Path.Combine(dir.Path, sub));
        Assert.Equal(["tomo_a"], viaRoot.Tomograms.Select(t => t.TomoId));
        Assert.Equal(viaSub.Get("tomo_a").Path, viaRoot.Get("tomo_a").Path);
    }

    [Fact]
    public void A_single_volume_is_one_tomogram_named_after_it()
    {
        using var dir = Fixtures.TempDir();
        Jpeg(dir.File("tomo_a"), Voxels(0));
        Mrc(dir.File("tomo_b.rec"), 13.1);
        Assert.Equal(["tomo_a"], TomogramDirectory.Open(dir.File("tomo_a")).Tomograms.Select(t => t.TomoId));
        Assert.Equal(["tomo_b"], TomogramDirectory.Open(dir.File("tomo_b.rec")).Tomograms.Select(t => t.TomoId));
        var both = TomogramDirectory.Open([dir.File("tomo_a"), dir.File("tomo_b.rec")]);
        Assert.Equal(["tomo_a", "tomo_b"], both.Tomograms.Select(t => t.TomoId));
    }

    [Fact]
    public void An_id_in_two_roots_is_an_error_naming_both_paths()
    {
        using var dir = Fixtures.TempDir();
        Jpeg(dir.File("train/tomo_a"), Voxels(0));
        Npy(dir.File("external/tomo_a.npy"));
        var e = Assert.Throws<MotorPickException>(() => TomogramDirectory.Open([dir.File("train"), dir.File("external")]));
        Assert.Contains(dir.File("train/tomo_a"), e.Message);
        Assert.Contains(dir.File("external/tomo_a.npy"), e.Message);
        Assert.Equal("tomo_id", e.Field);
        // and two files of one root
        Npy(dir.File("train/tomo_a.npy"));
        Assert.Contains("found twice", Assert.Throws<MotorPickException>(() => TomogramDirectory.Open(dir.File("train"))).Message);
    }

    [Fact]
    public void A_file_name_that_is_not_an_identifier_is_refused()
    {
        using var dir = Fixtures.TempDir();
        Npy(dir.File("tomo a.npy"));
        var e = Assert.Throws<MotorPickException>(() => TomogramDirectory.Open(dir.Path));
        Assert.Contains("not a valid identifier", e.Message);
        Assert.Equal(dir.File("tomo a.npy"), e.Path);
    }

    [Fact]
    public void An_empty_or_missing_root_is_a_clear_error()
    {
        using var dir = Fixtures.TempDir();
        Assert.Contains("no tomograms found", Assert.Throws<MotorPickException>(() => TomogramDirectory.Open(dir.Path)).Message);
        Assert.Equal("--data", Assert.Throws<MotorPickException>(() => TomogramDirectory.Open(dir.File("nope"))).Field);
    }

    [Fact]
    public void Spacing_comes_from_the_header_then_the_label_table_then_the_assumed_value()
    {
        using var dir = Fixtures.TempDir();
        Mrc(dir.File("tomo_mrc.mrc"), 13.1);
        Mrc(dir.File("tomo_nohdr.mrc"), 0);
        Npy(dir.File("tomo_npy.npy"));
        Zarr(dir.File("tomo_zarr.zarr"), 10);
        var data = TomogramDirectory.Open(dir.Path);
        Assert.Equal(13.1, data.Spacing("tomo_mrc", 16.0, 20.0), 5);
        // the float32 header value of 13.1 is the label table's 13.1, exactly
        Assert.Equal(13.1, data.Spacing("tomo_mrc", 13.1, null));
        Assert.Equal(10.0, data.Spacing("tomo_zarr", 16.0, 20.0), 5);
        Assert.Equal(16.0, data.Spacing("tomo_nohdr", 16.0, 20.0));
        Assert.Equal(16.0, data.Spacing("tomo_npy", 16.0, 20.0));
        Assert.Equal(20.0, data.Spacing("tomo_npy", null, 20.0));
        var e = Assert.Throws<MotorPickException>(() => data.Spacing("tomo_npy", null, null, "gt.csv"));
        Assert.Contains("--assume-spacing", e.Message);
        Assert.Equal(("gt.csv", "voxel_spacing"), (e.Path, e.Field));
    }

    [Fact]
    public void A_copick_project_gives_one_tomogram_per_run()
    {
        using var dir = Fixtures.TempDir();
        File.WriteAllText(dir.File("copick_config.json"), "{\"name\": \"p\", \"overlay_root\": \"local://" + dir.File("overlay") + "\", \"static_root\": \"static\"}");
        Zarr(dir.File("static/ExperimentRuns/run-1/VoxelSpacing10.000/wbp.zarr"), 10);
        Zarr(dir.File("static/ExperimentRuns/run-1/VoxelSpacing20.000/wbp.zarr"), 20);
        Zarr(dir.File("overlay/ExperimentRuns/run-2/VoxelSpacing7.840/wbp.zarr"), 7.84);
        Zarr(dir.File("overlay/ExperimentRuns/run-2/VoxelSpacing7.840/denoised.zarr"), 7.84);

        var e = Assert.Throws<MotorPickException>(() => TomogramDirectory.Open(dir.Path));
        Assert.Contains("denoised, wbp", e.Message);
        var data = TomogramDirectory.Open(dir.File("copick_config.json"), new TomogramDirectoryOptions { CopickTomogramType = "wbp" });
        Assert.Equal(["run-1", "run-2"], data.Tomograms.Select(t => t.TomoId));
        Assert.EndsWith(Path.Combine("VoxelSpacing10.000", "wbp.zarr"), data.Get("run-1").Path);
        Assert.Equal(7.84, data.Spacing("run-2", 99, null), 5);
    }

    /// <summary>tomo_08bf73 is one of the 15 wrapped competition tomograms: every reader of the data sees +127.</summary>
    [Fact]
    public void A_wrapped_competition_tomogram_is_read_fixed_and_only_when_asked()
    {
        using var dir = Fixtures.TempDir();
        var raw = Voxels(3);
        Npy(dir.File("tomo_08bf73.npy"), raw);
        Npy(dir.File("tomo_other.npy"), raw);
        var data = TomogramDirectory.Open(dir.Path);
        using (var r = data.OpenVolume("tomo_08bf73"))
        {
            Assert.Equal(raw.Select(v => unchecked((byte)(v + 127))), r.ReadAll<byte>());
            Assert.Equal(raw.Select(v => (float)unchecked((byte)(v + 127))), r.ReadAll<float>());
        }
        using (var r = data.OpenVolume("tomo_other")) Assert.Equal(raw, r.ReadAll<byte>());
        using (var r = TomogramDirectory.Open(dir.Path, new TomogramDirectoryOptions { QuantisationFix = false }).OpenVolume("tomo_08bf73"))
            Assert.Equal(raw, r.ReadAll<byte>());
    }

    [Fact]
    public void Histograms_read_through_the_data_source_see_the_fixed_volume()
    {
        using var dir = Fixtures.TempDir();
        var raw = Voxels(4);
        Npy(dir.File("wrapped/tomo_08bf73.npy"), raw);
        Npy(dir.File("fixed/tomo_08bf73.npy"), raw.Select(v => unchecked((byte)(v + 127))).ToArray());
        var options = new HistogramOptions { TargetSpacing = 20, FixKnownQuantisation = true };
        IReadOnlyList<TomogramHistogram> Of(string root, bool fix)
        {
            var data = TomogramDirectory.Open(root, new TomogramDirectoryOptions { QuantisationFix = fix });
            return TomogramHistograms.ComputeAll([new HistogramInput("tomo_08bf73", data.Get("tomo_08bf73").Path, 16) { Open = () => data.OpenVolume("tomo_08bf73") }], options);
        }
        Assert.Equal(Of(dir.File("fixed"), fix: false)[0].Hist, Of(dir.File("wrapped"), fix: true)[0].Hist);
        Assert.NotEqual(Of(dir.File("fixed"), fix: false)[0].Hist, Of(dir.File("wrapped"), fix: false)[0].Hist);
    }
}
