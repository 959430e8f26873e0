using System.Globalization;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Formats.Jpeg;
using MotorPick.Formats.Mrc;
using MotorPick.Formats.Npy;
using MotorPick.Inference.Onnx;
using MotorPick.Inference.Pipeline;
using MotorPick.Labels.Tables;
using MotorPick.Tests;
using MotorPick.Volumes.Sources;

namespace MotorPick.Inference.Onnx.Tests;

/// <summary>Prediction reads tomograms through the data source: the format or the way a volume is passed does not change
/// the candidates, and the wrapped competition tomograms are fixed.</summary>
public class DataSourcePredictionTests
{
    private static readonly VolumeShape Shape = new(24, 48, 40);

    /// <summary>Noise with a bright ball (the fixture network's "motor").</summary>
    private static byte[] Voxels(int seed)
    {
        var rng = new Random(seed);
        var v = new byte[Shape.VoxelCount];
        for (var i = 0; i < v.Length; i++) v[i] = (byte)(90 + rng.Next(40));
        for (var a = 0; a < Shape.Z; a++)
            for (var b = 0; b < Shape.Y; b++)
                for (var c = 0; c < Shape.X; c++)
                    if ((a - 12) * (a - 12) + (b - 20) * (b - 20) + (c - 18) * (c - 18) <= 16) v[(a * Shape.Y + b) * Shape.X + c] = 230;
        return v;
    }

    private static void Jpeg(string dir, byte[] voxels)
    {
        using var w = new JpegSliceStackWriter(dir, Shape.Z, Shape.Y, Shape.X);
        w.WriteSlab<byte>(voxels);
        w.Complete();
    }

    private static GtTable Gt(string path, double spacing, params string[] ids)
    {
        var s = spacing.ToString(CultureInfo.InvariantCulture);
        File.WriteAllLines(path, ["tomo_id,Z,Y,X,voxel_spacing,num_motors,motor_z,motor_y,motor_x,motor_zyx",
            .. ids.Select(id => $"{id},{Shape.Z},{Shape.Y},{Shape.X},{s},0,-1.0,-1.0,-1.0,[]")]);
        return LabelTables.ReadAsGt(path).Table;
    }

    private static string Predict(TomogramDirectory data, string outPath, GtTable? gt = null, double? assume = null)
    {
        using var model = OnnxHeatmapModel.Load(Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), OnnxHeatmapModelTests.FixtureCard(), new OnnxOptions { Threads = 1 });
        var predictor = new TomogramPredictor([new PredictModel(model, "tiny")], new PredictOptions { HeatmapStride = 4, ConfThreshold = 0.0 });
        DatasetPredictor.Run(predictor, new DatasetPredictOptions { Data = data, OutPath = outPath, Labels = gt, AssumeSpacing = assume });
        return File.ReadAllText(outPath);
    }

    [Fact]
    public void An_mrc_file_and_its_lossless_npy_copy_give_identical_candidates()
    {
        using var dir = Fixtures.TempDir();
        var voxels = Voxels(1);
        // 13.1 Å in the MRC header (float32) and in the label table: the header is read, and agrees
        MrcWriter.Write<byte>(dir.File("mrc/tomo_m.mrc"), voxels, Shape, VoxelSize.Isotropic(13.1));
        Directory.CreateDirectory(dir.File("npy"));
        NpyWriter.Write<byte>(dir.File("npy/tomo_m.npy"), voxels, Shape);
        var gt = Gt(dir.File("gt.csv"), 13.1, "tomo_m");
        var fromMrc = Predict(TomogramDirectory.Open(dir.File("mrc")), dir.File("mrc.csv"), gt);
        var fromNpy = Predict(TomogramDirectory.Open(dir.File("npy")), dir.File("npy.csv"), gt);
        Assert.Contains("tomo_m,", fromMrc);
        Assert.Equal(fromNpy, fromMrc);
        // without labels the MRC's own header spacing serves
        Assert.Equal(fromMrc, Predict(TomogramDirectory.Open(dir.File("mrc")), dir.File("mrc-header.csv")));
    }

    [Fact]
    public void A_jpeg_stack_gives_the_same_candidates_however_it_is_passed()
    {
        using var dir = Fixtures.TempDir();
        Jpeg(dir.File("data/tomo_a"), Voxels(2));
        Jpeg(dir.File("data/tomo_b"), Voxels(3));
        string[] RowsOfA(string csv) => csv.Split('\n').Where(l => l.StartsWith("tomo_a,", StringComparison.Ordinal)).ToArray();
        var root = Predict(TomogramDirectory.Open(dir.File("data")), dir.File("root.csv"), assume: 16);
        var stack = Predict(TomogramDirectory.Open(dir.File("data/tomo_a")), dir.File("stack.csv"), assume: 16);
        var twice = Predict(TomogramDirectory.Open([dir.File("data/tomo_a"), dir.File("data/tomo_b")]), dir.File("twice.csv"), assume: 16);
        Assert.NotEmpty(RowsOfA(root));
        Assert.Equal(RowsOfA(root), RowsOfA(stack));
        Assert.Equal(root, twice);
        Assert.DoesNotContain("tomo_b", stack);
    }

    [Fact]
    public void Predict_sees_a_wrapped_competition_tomogram_fixed()
    {
        using var dir = Fixtures.TempDir();
        var fixedVoxels = Voxels(4);
        Directory.CreateDirectory(dir.File("wrapped"));
        Directory.CreateDirectory(dir.File("fixed"));
        // what the competition's JPEGs of tomo_08bf73 hold: the true values minus 127 (mod 256); NPY keeps them exactly
        NpyWriter.Write<byte>(dir.File("wrapped/tomo_08bf73.npy"), fixedVoxels.Select(v => unchecked((byte)(v - 127))).ToArray(), Shape);
        NpyWriter.Write<byte>(dir.File("fixed/tomo_08bf73.npy"), fixedVoxels, Shape);
        var wrapped = Predict(TomogramDirectory.Open(dir.File("wrapped")), dir.File("w.csv"), assume: 16);
        var truth = Predict(TomogramDirectory.Open(dir.File("fixed"), new TomogramDirectoryOptions { QuantisationFix = false }), dir.File("f.csv"), assume: 16);
        Assert.Equal(truth, wrapped);
        var unfixed = Predict(TomogramDirectory.Open(dir.File("wrapped"), new TomogramDirectoryOptions { QuantisationFix = false }), dir.File("u.csv"), assume: 16);
        Assert.NotEqual(truth, unfixed);
    }

    [Fact]
    public void A_float_volume_is_read_through_the_percentile_window_as_its_uint8_conversion_is()
    {
        using var tmp = Fixtures.TempDir();
        Directory.CreateDirectory(tmp.File("float"));
        Directory.CreateDirectory(tmp.File("uint8"));
        // a float32 tomogram in arbitrary units (as an MRC from a reconstruction holds), at the model's spacing
        var values = Voxels(5).Select(v => (v - 120) * 0.37f).ToArray();
        NpyWriter.Write<float>(tmp.File("float/tomo_f.npy"), values, Shape);
        // what 'volume convert --normalize percentile --dtype uint8' writes for it
        var converted = new Volumes.Streaming.VolumePipeline(
            new Volumes.Streaming.InMemoryVolumeReader<float>(new Volumes.Volume<float>(Shape, VoxelSize.Isotropic(16), values)),
            new Volumes.Streaming.VolumePipelineOptions { Normalize = Volumes.Streaming.PercentileWindow.Reference }).RunToVolume<byte>();
        NpyWriter.Write<byte>(tmp.File("uint8/tomo_f.npy"), converted.Data, Shape);
        var fromFloat = Predict(TomogramDirectory.Open(tmp.File("float")), tmp.File("f.csv"), assume: 16);
        Assert.Contains("tomo_f,", fromFloat);
        Assert.Equal(Predict(TomogramDirectory.Open(tmp.File("uint8")), tmp.File("u.csv"), assume: 16), fromFloat);
    }

    [Fact]
    public void The_run_names_the_tomograms_whose_values_were_normalised()
    {
        using var tmp = Fixtures.TempDir();
        Directory.CreateDirectory(tmp.File("data"));
        NpyWriter.Write<float>(tmp.File("data/tomo_float.npy"), Voxels(6).Select(v => (float)v).ToArray(), Shape);
        NpyWriter.Write<byte>(tmp.File("data/tomo_bytes.npy"), Voxels(7), Shape);
        using var model = OnnxHeatmapModel.Load(Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), OnnxHeatmapModelTests.FixtureCard(), new OnnxOptions { Threads = 1 });
        var predictor = new TomogramPredictor([new PredictModel(model, "tiny")], new PredictOptions { HeatmapStride = 4 });
        var result = DatasetPredictor.Run(predictor, new DatasetPredictOptions { Data = TomogramDirectory.Open(tmp.File("data")), OutPath = tmp.File("c.csv"), AssumeSpacing = 16 });
        Assert.Equal(new Dictionary<string, VoxelType> { ["tomo_float"] = VoxelType.Float32 }, result.Normalised);
    }
}
