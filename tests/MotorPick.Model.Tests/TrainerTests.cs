using MotorPick.Model.Training;
using MotorPick.Tests;
using MotorPick.Volumes.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Tests;

public class TrainerTests
{
    [Fact]
    public void RunWritesLogCardAndWeights()
    {
        using var dir = Fixtures.TempDir();
        var summary = new Trainer(TrainingFixtures.Options(), TrainingFixtures.Data(), dir.Path).Run();
        Assert.Equal(4, summary.Steps);
        Assert.True(double.IsFinite(summary.LastLoss));
        Assert.NotNull(summary.LastValidation);
        Assert.Equal(2, summary.LastValidation!.Tomograms);
        foreach (var f in new[] { "train.json", "train_log.csv", "model.json", "model.safetensors", "best.json", "checkpoint/state.json", "checkpoint/optimizer.safetensors" })
            Assert.True(File.Exists(Path.Combine(dir.Path, f)), f);
        var card = CheckpointCard.Load(Path.Combine(dir.Path, "model.json"));
        Assert.Equal("tiny", card.Model.Preset);
        Assert.Equal(4, card.Steps);
        Assert.Equal(16, card.OutputStride);
        Assert.Equal(12.5, card.SigmaVoxels);
        Assert.Equal(2, card.ValidationConfidence!.Tomograms); // what predict's fit check compares new data with
        // and what the training tomograms looked like, every value kept through the card's JSON
        var trained = TrainingFixtures.Data().Train;
        Assert.Equal(trained.Count, card.TrainingImages!.Tomograms);
        Assert.Equal(trained.Select(t => Math.Round(Volumes.Statistics.ImageStatistics.Of(t.Volume).Spread, 5)).Order(), card.TrainingImages.Values["spread"]);
        Assert.Contains("cores", card.Machine);
        Assert.Equal(4, TrainingFixtures.Losses(dir.Path).Length);
        // the config written is the one used, and reads back
        Assert.Equal(TrainingFixtures.Options().Steps, TrainOptions.Load(Path.Combine(dir.Path, "train.json")).Steps);
        // the ONNX export beside it, made from model.safetensors, with the card ONNX Runtime inference reads
        Assert.Equal(Path.Combine(dir.Path, "model.onnx"), summary.OnnxModel);
        Assert.True(new FileInfo(summary.OnnxModel!).Length > 100_000);
        var onnxCard = ModelCard.Load(summary.OnnxModel + ".json");
        Assert.Equal((16, card.TargetSpacing), (onnxCard.Stride, onnxCard.TargetSpacing));
        Assert.Equal(card.Patch, onnxCard.PatchSize);
        Assert.Equal(card.WeightsSha256, onnxCard.WeightsSha256);
        Assert.True(onnxCard.IsRawInput);
    }

    [Fact]
    public void A_finished_run_without_an_export_gets_one_on_its_rerun()
    {
        using var dir = Fixtures.TempDir();
        var opts = TrainingFixtures.Options(2) with { ValInterval = 0 };
        new Trainer(opts, TrainingFixtures.Data(), dir.Path).Run();
        var modelJson = File.ReadAllBytes(dir.File("model.json"));
        // a run finished by a MotorPick that did not export
        File.Delete(dir.File("model.onnx"));
        File.Delete(dir.File("model.onnx.json"));
        var summary = new Trainer(opts, TrainingFixtures.Data(), dir.Path).Run(resume: true);
        Assert.True(File.Exists(dir.File("model.onnx")) && File.Exists(dir.File("model.onnx.json")));
        Assert.Equal(modelJson, File.ReadAllBytes(dir.File("model.json")));
        Assert.Equal(2, summary.Steps);
    }

    [Fact]
    public void SameSeedGivesTheSameLossCurve()
    {
        using var a = Fixtures.TempDir();
        using var b = Fixtures.TempDir();
        var opts = TrainingFixtures.Options(3) with { ValInterval = 0 };
        new Trainer(opts, TrainingFixtures.Data(), a.Path).Run();
        new Trainer(opts, TrainingFixtures.Data(), b.Path).Run();
        Assert.Equal(TrainingFixtures.Losses(a.Path), TrainingFixtures.Losses(b.Path));
    }

    [Fact]
    public void ResumeContinuesTheSameRun()
    {
        using var straight = Fixtures.TempDir();
        using var interrupted = Fixtures.TempDir();
        var opts = TrainingFixtures.Options(4) with { ValInterval = 0 };
        new Trainer(opts, TrainingFixtures.Data(), straight.Path).Run();

        using var cts = new CancellationTokenSource();
        var stopAt2 = new SyncProgress(p => { if (p.Step == 2) cts.Cancel(); });
        Assert.Throws<OperationCanceledException>(() => new Trainer(opts, TrainingFixtures.Data(), interrupted.Path).Run(progress: stopAt2, ct: cts.Token));
        var summary = new Trainer(opts, TrainingFixtures.Data(), interrupted.Path).Run(resume: true);
        Assert.Equal(4, summary.Steps);
        Assert.Equal(TrainingFixtures.Losses(straight.Path), TrainingFixtures.Losses(interrupted.Path));

        var (m1, _) = ModelCheckpoint.Load(Path.Combine(straight.Path, "model.json"));
        var (m2, _) = ModelCheckpoint.Load(Path.Combine(interrupted.Path, "model.json"));
        var s2 = m2.state_dict();
        foreach (var (name, t) in m1.state_dict()) Assert.True(t.allclose(s2[name], 0, 0), name);
    }

    [Fact]
    public void InitWeightsAreImportedByName()
    {
        using var dir = Fixtures.TempDir();
        torch.manual_seed(11);
        using var source = new Nn.HeatmapUNet3d(Nn.ModelPresets.Get("tiny"));
        var pt = dir.File("init.pt");
        TorchSharp.PyBridge.PyBridgeModuleExtensions.save_py(source, pt);
        var trainer = new Trainer(TrainingFixtures.Options(1) with { InitWeights = pt, ValInterval = 0, Lr = 1e-12, WarmupFactor = 1 }, TrainingFixtures.Data(), dir.File("run"));
        trainer.Run();
        Assert.Equal(source.state_dict().Count, trainer.InitReport!.Loaded);
        var (m, _) = ModelCheckpoint.Load(dir.File("run"));
        // with a vanishing learning rate the exported EMA weights stay those imported
        Assert.True(m.state_dict()["encoder.conv1.weight"].allclose(source.state_dict()["encoder.conv1.weight"], 1e-4, 1e-6));
    }

    [Fact]
    public void BadOptionsNameTheField()
    {
        var ex = Assert.Throws<Core.MotorPickException>(() => new Trainer(TrainingFixtures.Options() with { Patch = [30, 64, 64] }, TrainingFixtures.Data(), "unused"));
        Assert.Equal("patch", ex.Field);
    }

    private sealed class SyncProgress(Action<TrainProgress> action) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => action(value);
    }
}

public class ModelCheckpointTests
{
    [Fact]
    public void SaveLoadRoundTrip()
    {
        using var dir = Fixtures.TempDir();
        torch.manual_seed(3);
        using var model = new Nn.HeatmapUNet3d(Nn.ModelPresets.Get("x3d-tiny"));
        var card = new CheckpointCard { Model = model.Spec, Patch = [32, 64, 64], TargetSpacing = 16, Seed = 3 };
        var path = ModelCheckpoint.Save(dir.Path, "model", model, card);
        var (loaded, loadedCard) = ModelCheckpoint.Load(dir.Path);
        Assert.Equal(model.ParameterCount(), loadedCard.Parameters);
        Assert.Equal("x3d-tiny", loadedCard.Model.Preset);
        Assert.Equal(64, loadedCard.WeightsSha256!.Length);
        var theirs = loaded.state_dict();
        foreach (var (name, t) in model.state_dict()) Assert.True(t.allclose(theirs[name], 0, 0), name);
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void ImportsPyTorchPickleAndPrefixedSafetensorsByName()
    {
        using var dir = Fixtures.TempDir();
        torch.manual_seed(5);
        using var source = new Nn.HeatmapUNet3d(Nn.ModelPresets.Get("tiny"));
        var pt = dir.File("weights.pt");
        TorchSharp.PyBridge.PyBridgeModuleExtensions.save_py(source, pt);
        // a DataParallel-style file: every key prefixed with "module."
        var prefixed = source.state_dict().ToDictionary(kv => "module." + kv.Key, kv => kv.Value);
        var st = dir.File("weights.safetensors");
        TorchSharp.PyBridge.Safetensors.SaveStateDict(st, prefixed);

        foreach (var file in new[] { pt, st })
        {
            torch.manual_seed(6);
            using var target = new Nn.HeatmapUNet3d(Nn.ModelPresets.Get("tiny"));
            var report = ModelCheckpoint.Import(target, file, strict: true);
            Assert.Equal(source.state_dict().Count, report.Loaded);
            var theirs = target.state_dict();
            foreach (var (name, t) in source.state_dict()) Assert.True(t.allclose(theirs[name], 0, 0), $"{file}: {name}");
        }
    }

    [Fact]
    public void StrictImportReportsMismatches()
    {
        using var dir = Fixtures.TempDir();
        using var source = new Nn.HeatmapUNet3d(Nn.ModelPresets.Get("small"));
        var st = dir.File("small.safetensors");
        ModelCheckpoint.SaveWeights(source, st);
        using var target = new Nn.HeatmapUNet3d(Nn.ModelPresets.Get("tiny"));
        Assert.Throws<Core.MotorPickException>(() => ModelCheckpoint.Import(target, st, strict: true));
        var report = ModelCheckpoint.Import(target, st, strict: false);
        Assert.NotEmpty(report.ShapeMismatch);
    }
}
