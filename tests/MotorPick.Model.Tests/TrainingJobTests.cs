using MotorPick.Labels.Splits;
using MotorPick.Labels.Tables;
using MotorPick.Model.Training;
using MotorPick.Synthetic.Output;
using MotorPick.Synthetic.Scene;
using MotorPick.Tests;

namespace MotorPick.Model.Tests;

/// <summary>Integration: <c>synth --preset tiny</c> data (JPEG slices) → gt table + split → a few training steps.</summary>
public class TrainingJobTests
{
    [Fact]
    public void TrainsTinyPresetOnSyntheticTinyData()
    {
        using var dir = Fixtures.TempDir();
        var (data, gt, gtPath) = TinyData(dir);
        var ids = gt.Rows.Select(r => r.TomoId).ToArray();
        var splitPath = dir.File("split.json");
        CvSplitFile.Write(splitPath, new CvSplit("manual", 1, null, [new CvFold(ids[..^1], ids[^1..])]));

        var request = new TrainJobRequest
        {
            LabelsPath = gtPath,
            DataDir = data,
            SplitPath = splitPath,
            RunDir = dir.File("run"),
            VolumeCache = new Volumes.Caching.VolumeCache(dir.File("cache"), long.MaxValue),
            Options = TrainingFixtures.Options(3) with { Patch = [32, 96, 96], Fold = 0, ValInterval = 0 },
        };
        var loads = new List<LoadProgress>();
        var summary = TrainingJob.Run(request, new Sync<LoadProgress>(loads.Add));
        Assert.Equal(3, summary.Steps);
        Assert.Equal(4, loads.Count);
        Assert.All(loads, l => Assert.False(l.FromCache));
        Assert.NotNull(summary.LastValidation);
        var card = CheckpointCard.Load(summary.ModelCard);
        Assert.Equal("gt.csv", card.Labels!.Name);
        Assert.Equal("split.json", card.Split!.Name);
        Assert.Equal(0, card.Fold);

        // the second run reads the cached uint8 volumes
        loads.Clear();
        TrainingJob.Run(request with { RunDir = dir.File("run2"), Options = request.Options with { Steps = 1 } }, new Sync<LoadProgress>(loads.Add));
        Assert.All(loads, l => Assert.True(l.FromCache));
    }

    [Fact]
    public void ARunThatLibtorchFailsMidStepResumesFromItsCheckpointToTheSameWeights()
    {
        using var dir = Fixtures.TempDir();
        var (data, _, gtPath) = TinyData(dir);
        var request = new TrainJobRequest
        {
            LabelsPath = gtPath,
            DataDir = data,
            RunDir = dir.File("clean"),
            Options = TrainingFixtures.Options(4) with { Patch = [32, 96, 96], TrainOnAll = true, ValInterval = 0 },
        };
        TrainingJob.Run(request);

        // the native failure TorchSharp's Scalar race raises (ExternalException), once, after the checkpoint at step 2
        var retries = new List<string>();
        var failed = false;
        var failing = new Sync<TrainProgress>(p =>
        {
            if (p.Step == 3 && !failed) { failed = true; throw new System.Runtime.InteropServices.ExternalException("Expected false to be true"); }
        });
        TrainingJob.Run(request with { RunDir = dir.File("failed"), OnRetry = retries.Add }, training: failing);

        Assert.True(failed);
        var retry = Assert.Single(retries);
        Assert.Contains("resuming from the checkpoint at step 2", retry);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("clean"), "model.safetensors")),
                     File.ReadAllBytes(Path.Combine(dir.File("failed"), "model.safetensors")));
    }

    [Fact]
    public void FoldIsRequiredWithASplit()
    {
        var request = new TrainJobRequest { LabelsPath = "x", DataDir = "d", SplitPath = "s.json", RunDir = "r", Options = new TrainOptions() };
        var gt = new GtTable([], GtLayout.Short);
        var ex = Assert.Throws<Core.MotorPickException>(() => TrainingJob.SelectIds(request, gt));
        Assert.Equal("--fold", ex.Field);
    }

    /// <summary><c>synth --preset tiny</c> data and its gt table.</summary>
    private static (string Data, GtTable Gt, string GtPath) TinyData(TempDir dir)
    {
        var data = Path.Combine(dir.Path, "synth");
        SyntheticDatasetWriter.Write(data, SynthPresets.Get("tiny"));
        var gt = GtTable.FromTrainLabels(TrainLabelsFile.Read(Path.Combine(data, SynthLayout.TrainLabels)));
        var gtPath = dir.File("gt.csv");
        GtTableFile.Write(gtPath, gt, GtLayout.Short);
        return (data, gt, gtPath);
    }

    private sealed class Sync<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
