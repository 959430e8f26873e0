using System.Globalization;

namespace MotorPick.Rounds.Demo;

/// <summary>
/// What <c>motorpick demo</c> will run, printed before it starts: one training per fold and the retraining, the
/// out-of-fold predictions and the two held-out ones (before and after the review).
/// </summary>
public sealed record DemoSchedule(int Trainings, int StepsPerTraining, int Predictions, int TrainTomograms, int HeldOutTomograms)
{
    public static DemoSchedule Of(DemoOptions o) => new(o.Folds + 1, o.TrainSteps, o.Folds + 2, o.TrainTomograms, o.HeldOutTomograms);

    public long TotalSteps => (long)Trainings * StepsPerTraining;

    public string Describe() =>
        FormattableString.Invariant($"plan: {TrainTomograms} + {HeldOutTomograms} held-out synthetic tomograms; {Trainings} trainings of {StepsPerTraining} steps ") +
        FormattableString.Invariant($"({Trainings - 1} folds, then one on the reviewed labels); {Predictions} predictions ({Predictions - 2} out of fold, 2 on the held-out set); ") +
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
               FormattableString.Invariant($"({plan.TotalSteps - _done} of {plan.TotalSteps} steps), plus {plan.Predictions} predictions, the review and the report (a few minutes)");
    }

    private static string Minutes(double seconds) => seconds < 90
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0} min");
}
