using System.Globalization;

namespace MotorPick.Rounds.Demo;

/// <summary>
/// What <c>motorpick demo</c> will run, printed before it starts: one training per round-1 fold, one per round-2
/// ensemble member trained here, and the final one; the out-of-fold predictions, round 2's over all tomograms, the
/// external round's, and the two held-out ones (round 1's model and the final one).
/// </summary>
public sealed record DemoSchedule(int Folds, int Round2Trainings, int FoldSteps, int LaterSteps, int TrainTomograms, int HeldOutTomograms, int ExternalRuns)
{
    public static DemoSchedule Of(DemoOptions o) => new(o.Folds, DemoPlan.Round2Recipe(o).Ensemble.Count(m => m.Train is not null), o.TrainSteps,
        o.LaterTrainSteps, o.TrainTomograms, o.HeldOutTomograms, o.ExternalRuns);

    /// <summary>The folds, the round-2 members trained here, the final model.</summary>
    public int Trainings => Folds + Round2Trainings + 1;

    /// <summary>Out of fold per fold, round 2 over all, the external round, two on the held-out set.</summary>
    public int Predictions => Folds + 1 + 1 + 2;

    public long TotalSteps => (long)Folds * FoldSteps + (long)(Round2Trainings + 1) * LaterSteps;

    public string Describe() =>
        FormattableString.Invariant($"plan: {TrainTomograms} + {HeldOutTomograms} held-out synthetic tomograms and {ExternalRuns} stand-in portal runs; ") +
        FormattableString.Invariant($"{Trainings} trainings ({Folds} round-1 folds of {FoldSteps} steps; {Round2Trainings} round-2 ensemble members and the final model, {LaterSteps} steps each); ") +
        FormattableString.Invariant($"{Predictions} predictions ({Folds} out of fold, round 2 over all, external, 2 on the held-out set); ") +
        "an estimate of the time follows the first 100 training steps";
}

/// <summary>
/// Turns the step rate of the first training into an estimate of the demo's remaining training time, once, after
/// <see cref="AfterSteps"/> steps (the rate of the very first steps includes start-up and is not used).
/// </summary>
public sealed class DemoEstimate(DemoSchedule plan)
{
    public const int AfterSteps = 100;
    private long _done;
    private long _lastStep;
    private bool _told;

    /// <summary>Feeds one progress report of a training; returns the estimate the first time enough steps have run.</summary>
    public string? Observe(long step, double stepsPerSecond)
    {
        if (step < _lastStep) _lastStep = 0; // the next training started
        _done += step - _lastStep;
        _lastStep = step;
        if (_told || _done < AfterSteps || !(stepsPerSecond > 0)) return null;
        _told = true;
        var left = Math.Max(0, plan.TotalSteps - _done) / stepsPerSecond;
        return FormattableString.Invariant($"estimate: {stepsPerSecond:0.0} training steps/s on this machine, so about {Minutes(left)} of training left ") +
               FormattableString.Invariant($"({plan.TotalSteps - _done} of {plan.TotalSteps} steps), plus {plan.Predictions} predictions, the reviews, the portal fetch and the report (a few minutes)");
    }

    private static string Minutes(double seconds) => seconds < 90
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0} min");
}
