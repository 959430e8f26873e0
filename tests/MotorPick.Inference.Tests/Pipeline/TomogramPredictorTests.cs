using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Inference.Aggregation;
using MotorPick.Inference.Coordinates;
using MotorPick.Inference.Pipeline;
using MotorPick.Volumes;
using MotorPick.Volumes.Geometry;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Inference.Tests.Pipeline;

public class TomogramPredictorTests
{
    private static readonly VolumeShape Patch = new(16, 32, 32);

    /// <summary>Background 100 with a bright ball of radius 3 at (z, y, x).</summary>
    private static InMemoryVolumeReader<byte> Ball(VolumeShape s, int cz, int cy, int cx, double spacing)
    {
        var data = new byte[s.VoxelCount];
        for (var z = 0; z < s.Z; z++)
            for (var y = 0; y < s.Y; y++)
                for (var x = 0; x < s.X; x++)
                {
                    var d2 = (z - cz) * (z - cz) + (y - cy) * (y - cy) + (x - cx) * (x - cx);
                    data[(z * s.Y + y) * s.X + x] = (byte)(d2 <= 9 ? 255 : 100);
                }
        return new InMemoryVolumeReader<byte>(new Volume<byte>(s, VoxelSize.Isotropic(spacing), data));
    }

    [Fact]
    public void FindsTheBallInOriginalVoxels()
    {
        using var reader = Ball(new VolumeShape(40, 70, 50), 21, 34, 26, 16);
        var predictor = new TomogramPredictor([new PredictModel(new PoolingModel(4, Patch), "pool")],
            new PredictOptions { HeatmapStride = 4, Coords = Fp16Coords.Off, ConfThreshold = 0.02 });
        var result = predictor.Predict(reader, "tomo_ball", 16);
        var top = result.Candidates["ensemble"][0];
        Assert.True(top.Point.DistanceTo(new Labels.Point3(21, 34, 26)) < 4, top.Point.ToString());
        Assert.Equal(new VolumeShape(40, 70, 50), result.SpacedShape);
        Assert.True(result.Timings.Windows > 1);
        // Conf-descending candidates.
        var confs = result.Candidates["ensemble"].Select(c => c.Conf!.Value).ToArray();
        Assert.Equal(confs.OrderDescending(), confs);
    }

    [Fact]
    public void EveryTtaGivesTheSameHeatmapForAnEquivariantModel()
    {
        using var reader = Ball(new VolumeShape(40, 70, 50), 21, 34, 26, 16);
        var model = new PoolingModel(4, Patch);
        var predictor = new TomogramPredictor([new PredictModel(model, "pool")],
            new PredictOptions { HeatmapStride = 4, Ensemble = EnsembleMode.None, Ttas = TtaCode.AllCodes.Select(TtaCode.Parse).ToArray(), Precision = HeatmapPrecision.Single, KeepHeatmaps = true, BatchSize = 2 });
        var result = predictor.Predict(reader, "t", 16);
        Assert.Equal(16, result.Heatmaps.Count);
        var reference = result.Heatmaps[0].Probabilities;
        foreach (var h in result.Heatmaps) Assert.Equal(reference, h.Probabilities);
        Assert.Equal(16 * result.Timings.Windows / 2, model.Calls); // batches of 2 windows
        Assert.All(predictor.AggNames, n => Assert.StartsWith("pool-", n));
    }

    [Fact]
    public void ResamplesToTheModelSpacingAndMapsBack()
    {
        using var reader = Ball(new VolumeShape(48, 80, 64), 24, 40, 30, 13.1);
        var predictor = new TomogramPredictor([new PredictModel(new PoolingModel(4, Patch), "pool")],
            new PredictOptions { HeatmapStride = 4, Coords = Fp16Coords.Single });
        var result = predictor.Predict(reader, "t", 13.1);
        Assert.Equal(new VolumeShape(39, 65, 52), result.SpacedShape);
        var top = result.Candidates["ensemble"][0];
        Assert.True(top.Point.DistanceTo(new Labels.Point3(24, 40, 30)) < 5, top.Point.ToString());
    }

    [Fact]
    public void NothingAboveThresholdGivesTheNoneRow()
    {
        using var reader = Ball(new VolumeShape(20, 40, 40), 10, 20, 20, 16);
        var predictor = new TomogramPredictor([new PredictModel(new PoolingModel(4, Patch), "pool")],
            new PredictOptions { HeatmapStride = 4, ConfThreshold = 1.5 });
        var row = Assert.Single(predictor.Predict(reader, "t", 16).Candidates["ensemble"]);
        Assert.False(row.HasMotor);
        Assert.Equal(0.0, row.Conf);
    }

    [Fact]
    public void ModelsMustAgreeOnPatchAndSpacing()
    {
        var a = new PredictModel(new PoolingModel(4, Patch), "a");
        var b = new PredictModel(new PoolingModel(4, new VolumeShape(8, 32, 32)), "b");
        Assert.Throws<MotorPickException>(() => new TomogramPredictor([a, b], new PredictOptions()));
    }

    [Fact]
    public void ReportsProgressPerStage()
    {
        using var reader = Ball(new VolumeShape(20, 40, 40), 10, 20, 20, 13.1);
        var stages = new List<PredictStage>();
        var predictor = new TomogramPredictor([new PredictModel(new PoolingModel(4, Patch), "pool")], new PredictOptions { HeatmapStride = 4 });
        predictor.Predict(reader, "t", 13.1, progress: new SyncProgress<PredictProgress>(p => stages.Add(p.Stage)));
        Assert.Equal([PredictStage.Respacing, PredictStage.Windows, PredictStage.Decoding, PredictStage.Done], stages.Distinct());
    }
}
