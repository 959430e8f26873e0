using MotorPick.Formats.Geometry;
using MotorPick.Inference.Pipeline;
using MotorPick.Inference.Torch;
using MotorPick.Model.Nn;
using MotorPick.Model.Training;
using MotorPick.Tests;
using MotorPick.Volumes;
using MotorPick.Volumes.Streaming;
using static TorchSharp.torch;

namespace MotorPick.Inference.Torch.Tests;

public class TorchHeatmapModelTests
{
    /// <summary>Saves the untrained "tiny" preset (stride 16) as a checkpoint with a 32x64x64 window.</summary>
    private static (string CardPath, HeatmapUNet3d Model) TinyCheckpoint(string dir)
    {
        manual_seed(7);
        var model = new HeatmapUNet3d(ModelPresets.Get("tiny"));
        model.eval();
        var card = new CheckpointCard { Model = model.Spec, Patch = [32, 64, 64], TargetSpacing = 16 };
        return (ModelCheckpoint.Save(dir, "tiny", model, card), model);
    }

    [Fact]
    public void LoadsACheckpointAndMatchesTheNetwork()
    {
        using var dir = Fixtures.TempDir();
        var (cardPath, net) = TinyCheckpoint(dir.Path);
        using var model = TorchHeatmapModel.Load(cardPath, threads: 2);
        Assert.Equal(new VolumeShape(32, 64, 64), model.Card.Patch);
        Assert.Equal(16, model.Card.Stride);
        var input = Enumerable.Range(0, 2 * 32 * 64 * 64).Select(i => (float)(i * 37 % 256)).ToArray();
        var result = model.Forward(input, 2, new VolumeShape(32, 64, 64));
        Assert.Equal(new VolumeShape(2, 4, 4), result.Shape);
        using var _ = no_grad();
        using var x = tensor(input, [2, 1, 32, 64, 64]);
        using var y = net.call(x);
        var expected = y.data<float>().ToArray();
        Assert.True(expected.Zip(result.Logits).Max(t => Math.Abs(t.First - t.Second)) <= 1e-5);
    }

    [Fact]
    public void PredictsATomogramThroughThePipeline()
    {
        using var dir = Fixtures.TempDir();
        var (cardPath, _) = TinyCheckpoint(dir.Path);
        using var model = TorchHeatmapModel.Load(cardPath, threads: 2);
        var shape = new VolumeShape(40, 70, 90);
        var data = Enumerable.Range(0, (int)shape.VoxelCount).Select(i => (byte)(i * 13 % 251)).ToArray();
        using var reader = new InMemoryVolumeReader<byte>(new Volume<byte>(shape, VoxelSize.Isotropic(13.1), data));
        var predictor = new TomogramPredictor([new PredictModel(model, "tiny")], new PredictOptions { ConfThreshold = 0, MaxDets = 3, KeepHeatmaps = true });
        var result = predictor.Predict(reader, "t", 13.1);
        Assert.Equal(new VolumeShape(32, 57, 73), result.SpacedShape);
        Assert.Equal(new VolumeShape(4, 7, 9), result.Heatmaps[0].Shape);
        Assert.InRange(result.Candidates["ensemble"].Count, 1, 3);
    }
}
