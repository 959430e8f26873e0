namespace MotorPick.Rounds.Execution;

/// <summary>
/// Runs a plan of steps in dependency order. The in-process executor runs them one after another; a scheduler
/// executor (Slurm) submits them as jobs with dependencies. Nothing scheduler-specific lives outside its executor.
/// </summary>
public interface IStepExecutor
{
    /// <summary>Runs (or submits) the steps; steps whose outputs all exist already are skipped.</summary>
    void Run(IReadOnlyList<RoundStep> steps, IProgress<StepEvent>? progress, CancellationToken ct);
}
