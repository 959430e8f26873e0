using System.Globalization;
using System.Text;
using MotorPick.Formats.Jpeg;
using MotorPick.Inference.Onnx;
using MotorPick.Inference.Pipeline;
using MotorPick.Inference.Submission;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;
using MotorPick.Tests;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Inference.Onnx.Tests;

/// <summary>End to end: the fixed ONNX fixture network predicts JPEG-stack tomograms, candidates become a submission, the metric runs.</summary>
public class DatasetPredictionTests
{
    private static readonly (string Id, int Z, int Y, int X, double Spacing, int[]? Motor)[] Tomos =
    [
        ("tomo_a00001", 24, 48, 40, 16.0, [12, 20, 18]),
        ("tomo_b00002", 30, 50, 60, 13.1, [15, 30, 22]),
        ("tomo_c00003", 20, 40, 40, 16.0, null),
    ];

    /// <summary>Writes the stacks (noise with a bright ball where the motor is) and a gt.csv.</summary>
    private static string WriteDataset(string root)
    {
        var data = Path.Combine(root, "train");
        var gt = new StringBuilder("tomo_id,Z,Y,X,voxel_spacing,num_motors,motor_z,motor_y,motor_x,motor_zyx\n");
        var rng = new Random(5);
        foreach (var (id, z, y, x, spacing, motor) in Tomos)
        {
            var voxels = new byte[z * y * x];
            for (var i = 0; i < voxels.Length; i++) voxels[i] = (byte)(90 + rng.Next(40));
            if (motor is { } m)
                for (var a = 0; a < z; a++)
                    for (var b = 0; b < y; b++)
                        for (var c = 0; c < x; c++)
                            if ((a - m[0]) * (a - m[0]) + (b - m[1]) * (b - m[1]) + (c - m[2]) * (c - m[2]) <= 16) voxels[(a * y + b) * x + c] = 230;
            using (var writer = new JpegSliceStackWriter(Path.Combine(data, id), z, y, x))
            {
                writer.WriteSlab<byte>(voxels);
                writer.Complete();
            }
            var s = spacing.ToString(CultureInfo.InvariantCulture);
            gt.Append(motor is { } p
                ? $"{id},{z},{y},{x},{s},1,{p[0]}.0,{p[1]}.0,{p[2]}.0,\"[[{p[0]}.0, {p[1]}.0, {p[2]}.0]]\"\n"
                : $"{id},{z},{y},{x},{s},0,-1.0,-1.0,-1.0,[]\n");
        }
        File.WriteAllText(Path.Combine(root, "gt.csv"), gt.ToString());
        return data;
    }

    [Fact]
    public void PredictsEnsemblesSubmitsAndScores()
    {
        using var dir = Fixtures.TempDir();
        var data = WriteDataset(dir.Path);
        var (gt, _) = LabelTables.ReadAsGt(dir.File("gt.csv"));
        using var model = OnnxHeatmapModel.Load(Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), OnnxHeatmapModelTests.FixtureCard(), new OnnxOptions { Threads = 2 });
        var predictor = new TomogramPredictor([new PredictModel(model, "tiny")],
            new PredictOptions { HeatmapStride = 4, Ttas = TtaCode.ParseList("zyx,zxy_z"), Ensemble = EnsembleMode.None, KeepHeatmaps = true });
        var result = DatasetPredictor.Run(predictor, new DatasetPredictOptions
        {
            DataDir = data, OutPath = dir.File("cand.csv"), Labels = gt, HeatmapDir = dir.File("heatmaps"),
        });
        Assert.Equal(3, result.Predicted);
        Assert.Equal(["tiny-zyx", "tiny-zxy_z"], result.Files.Keys);
        Assert.True(File.Exists(dir.File("heatmaps/tiny-zxy_z/tomo_b00002.npy")));
        Assert.False(Directory.Exists(dir.File("cand.csv.parts")));
        // each tomogram's image statistics, as the model read it, for the fit check
        Assert.Equal(Tomos.Select(t => t.Id).Order(), result.Images!.Keys.Order());
        Assert.All(result.Images.Values, s => Assert.InRange(s.Spread, 0.1, 128));

        var files = result.Files.Values.Select(PredictionsFile.Read).ToArray();
        Assert.All(files, f => Assert.Equal(Tomos.Select(t => t.Id), f.Select(p => p.TomoId).Distinct()));
        var fused = Ensemble.CandidateEnsemble.Fuse(files, id => gt[id].VoxelSpacing, new Ensemble.WbfOptions { SkipThr = 0.0 });
        var (rows, _) = SubmissionBuilder.Build(fused, 0.55, null);
        var score = KaggleScore.Compute(gt, rows);
        Assert.InRange(score.F2, 0.0, 1.0);
        Assert.Equal(3, score.Tp + score.Fp + score.Fn + score.Tn);
    }

    [Fact]
    public void RerunSkipsTomogramsWithFinishedParts()
    {
        using var dir = Fixtures.TempDir();
        var data = WriteDataset(dir.Path);
        using var model = OnnxHeatmapModel.Load(Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), OnnxHeatmapModelTests.FixtureCard());
        var predictor = new TomogramPredictor([new PredictModel(model, "tiny")], new PredictOptions { HeatmapStride = 4 });
        // A part left by an interrupted run: its (made-up) row must survive, and the tomogram is not predicted again.
        var part = dir.File("cand.csv.parts/ensemble/tomo_a00001.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        PredictionsFile.WriteCandidates(part, [new Prediction("tomo_a00001", new Labels.Point3(1, 2, 3), 0.5)]);
        var result = DatasetPredictor.Run(predictor, new DatasetPredictOptions { DataDir = data, OutPath = dir.File("cand.csv"), AssumeSpacing = 16 });
        Assert.Equal((3, 2, 1), (result.Tomograms, result.Predicted, result.Resumed));
        // the part left by a run that did not measure images has none; the tomograms predicted now have theirs
        Assert.Equal(2, result.Images!.Count);
        Assert.DoesNotContain("tomo_a00001", result.Images.Keys);
        var rows = PredictionsFile.Read(dir.File("cand.csv"));
        Assert.Equal(new Labels.Point3(1, 2, 3), rows.Single(r => r.TomoId == "tomo_a00001").Point);
    }

    [Fact]
    public void UnknownSpacingIsAClearError()
    {
        using var dir = Fixtures.TempDir();
        var data = WriteDataset(dir.Path);
        File.WriteAllLines(dir.File("gt.csv"), File.ReadAllLines(dir.File("gt.csv")).Take(2));
        var (gt, _) = LabelTables.ReadAsGt(dir.File("gt.csv"));
        using var model = OnnxHeatmapModel.Load(Fixtures.Path("peer", "onnx", "tiny_heatmap.onnx"), OnnxHeatmapModelTests.FixtureCard());
        var predictor = new TomogramPredictor([new PredictModel(model, "tiny")], new PredictOptions { HeatmapStride = 4 });
        var e = Assert.Throws<Core.MotorPickException>(() => DatasetPredictor.Run(predictor, new DatasetPredictOptions { DataDir = data, OutPath = dir.File("c.csv"), Labels = gt }));
        Assert.Contains("tomo_b00002", e.Message);
        // --only-labelled limits the run to the table.
        var result = DatasetPredictor.Run(predictor, new DatasetPredictOptions { DataDir = data, OutPath = dir.File("c.csv"), Labels = gt, OnlyLabelled = true });
        Assert.Equal(1, result.Tomograms);
    }
}
