using MotorPick.Model.Training;
using MotorPick.Tests;

namespace MotorPick.Model.Tests;

/// <summary>What a killed run leaves, and what its resume does with it.</summary>
public class TrainerResumeTests
{
    [Fact]
    public void The_model_is_exported_only_when_the_run_completes_and_the_log_has_each_step_once()
    {
        using var dir = Fixtures.TempDir();
        var opts = TrainingFixtures.Options(6) with { ValInterval = 0 };
        using var cts = new CancellationTokenSource();
        // cancelled at step 3: the checkpoint is at step 2, step 3 is logged already
        var stopAt3 = new SyncProgress(p => { if (p.Step == 3) cts.Cancel(); });
        Assert.Throws<OperationCanceledException>(() => new Trainer(opts, TrainingFixtures.Data(), dir.Path).Run(progress: stopAt3, ct: cts.Token));
        Assert.Equal(2, Trainer.ResumePoint(dir.Path)!.Step);
        Assert.False(File.Exists(dir.File("model.json")), "an unfinished run has no model.json (a round takes it for a finished training)");
        File.WriteAllText(Path.Combine(dir.Path, "checkpoint", "weights.safetensors" + Core.AtomicFile.TempMarker + "2147483646-ab"), "half"); // a pid that cannot run

        new Trainer(opts, TrainingFixtures.Data(), dir.Path).Run(resume: true);
        Assert.True(File.Exists(dir.File("model.json")));
        Assert.Equal(6, TrainingFixtures.Losses(dir.Path).Length);
        Assert.Empty(Directory.GetFiles(dir.Path, "*" + Core.AtomicFile.TempMarker + "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_kill_between_the_renames_of_a_checkpoint_swap_loses_nothing()
    {
        using var dir = Fixtures.TempDir();
        var opts = TrainingFixtures.Options(4) with { ValInterval = 0 };
        new Trainer(opts, TrainingFixtures.Data(), dir.Path).Run();
        // the window between moving the old checkpoint aside and moving the new one in
        Directory.Move(Path.Combine(dir.Path, "checkpoint"), Path.Combine(dir.Path, "checkpoint" + Core.AtomicFile.TempMarker + "1-ab"));
        var summary = new Trainer(opts, TrainingFixtures.Data(), dir.Path).Run(resume: true);
        Assert.Equal(4, summary.Steps);
        Assert.Equal(4, TrainingFixtures.Losses(dir.Path).Length);
        Assert.Equal(4, Trainer.ResumePoint(dir.Path)!.Step);
        Assert.Empty(Directory.GetDirectories(dir.Path, "*" + Core.AtomicFile.TempMarker + "*"));
    }

    private sealed class SyncProgress(Action<TrainProgress> action) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => action(value);
    }
}
