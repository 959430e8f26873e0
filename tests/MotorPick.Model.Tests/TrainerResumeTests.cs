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

    [Fact]
    public void A_round_rerun_sweeps_around_a_checkpoint_swap_killed_between_its_renames_and_training_resumes_at_its_step()
    {
        using var dir = Fixtures.TempDir();
        var run = dir.File("round1/model"); // a round's training folder: the round's sweep reaches it first
        var opts = TrainingFixtures.Options(2) with { ValInterval = 0 };
        new Trainer(opts, TrainingFixtures.Data(), run).Run();
        var old = dir.File("old-checkpoint");
        CopyDirectory(Path.Combine(run, "checkpoint"), old);
        new Trainer(opts with { Steps = 4 }, TrainingFixtures.Data(), run).Run(resume: true);
        Assert.Equal(4, Trainer.ResumePoint(run)!.Step);

        // what a kill between the two renames of the swap leaves, written by a process that is gone
        var dead = DeadPid();
        var marker = Core.AtomicFile.TempMarker;
        Directory.Move(Path.Combine(run, "checkpoint"), Path.Combine(run, $"checkpoint{marker}{dead}-{Guid.NewGuid():N}"));
        CopyDirectory(old, Path.Combine(run, $"checkpoint{marker}{dead}{Core.AtomicFile.AsideTag}{Guid.NewGuid():N}"));

        // the rerun of the round: its leftover sweep over the round's folder, then the training step with --resume
        using (var round = Core.OutputLock.Acquire(dir.File("round1"), "motorpick round run"))
            round.DeleteLeftovers();
        var steps = new List<long>();
        var summary = new Trainer(opts with { Steps = 6 }, TrainingFixtures.Data(), run).Run(resume: true, progress: new SyncProgress(p => steps.Add(p.Step)));
        Assert.Equal(5, steps.Min()); // resumed after the newer checkpoint's step 4, not from step 0 nor the older step 2
        Assert.Equal(6, summary.Steps);
        Assert.Empty(Directory.GetDirectories(run, "*" + marker + "*"));
    }

    private static int DeadPid()
    {
        using var gone = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();
        return gone.Id;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }

    private sealed class SyncProgress(Action<TrainProgress> action) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => action(value);
    }
}
