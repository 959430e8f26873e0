namespace MotorPick.Model.Training;

/// <summary>
/// Turns a wall-clock budget into a number of optimiser steps on the machine that runs them. The first steps are
/// left out of the measurement (.NET's tiered JIT recompiles the hot methods during the first ~30 steps), the next
/// ones give the step rate, and the plan fills the rest of the budget, keeping back what the final validation and
/// export are expected to take. A validation that costs more than expected, or steps that become slower than measured
/// (another job starts on a shared machine), shorten the plan. Steps that become faster (the rate was measured while
/// another job ran) lengthen it, but only in the first half of the planned run and by at least a tenth, so the cosine
/// schedule moves back a little early on and never late in the run.
/// </summary>
public sealed class StepBudget
{
    /// <summary>Steps left out before measuring (tiered JIT), unless they take more than <see cref="PhaseShare"/> of the budget.</summary>
    public const int WarmSteps = 30;

    /// <summary>Steps measured for the rate, likewise bounded by <see cref="PhaseShare"/> of the budget.</summary>
    public const int MeasureSteps = 30;

    /// <summary>Share of the budget each of the two phases may take at most.</summary>
    public const double PhaseShare = 0.05;

    /// <summary>Share of the remaining time kept back against noise in the step rate.</summary>
    public const double Margin = 0.03;

    /// <summary>Share of the budget between re-measurements of the step rate once the plan is made.</summary>
    public const double RecheckShare = 0.025;

    /// <summary>Share of the planned steps after which a faster stretch no longer lengthens the plan.</summary>
    public const double LengthenUntilShare = 0.5;

    /// <summary>Least growth of the plan worth a change of schedule.</summary>
    public const double LengthenAtLeast = 0.1;

    private long? measureFromStep;
    private double measureFromSeconds;
    private long? recheckFromStep;
    private double recheckFromSeconds;

    public StepBudget(TimeSpan budget, long? planned = null, double? stepsPerSecond = null)
    {
        Budget = budget;
        Planned = planned;
        StepsPerSecond = stepsPerSecond;
    }

    public TimeSpan Budget { get; }

    /// <summary>The planned total number of steps, once measured (kept in the checkpoint, so a resumed run keeps its plan).</summary>
    public long? Planned { get; private set; }

    /// <summary>The measured rate the plan was made with.</summary>
    public double? StepsPerSecond { get; private set; }

    /// <summary>Seconds a validation is expected to take (the last one measured; 0 before any).</summary>
    public double ValidationSeconds { get; private set; }

    /// <summary>Steps between periodic validations (0: only the final one), so the plan keeps time for them.</summary>
    public int ValInterval { get; init; }

    /// <summary>The most steps the plan may give (the run's <c>steps</c> option).</summary>
    public long MaxSteps { get; init; } = long.MaxValue;

    /// <summary>
    /// Called after every step with the run's elapsed seconds (resumed time included); returns true when this call
    /// made the plan or shortened it.
    /// </summary>
    public bool Observe(long step, double elapsedSeconds)
    {
        if (Planned is not null) return Recheck(step, elapsedSeconds);
        double phase = Budget.TotalSeconds * PhaseShare;
        if (measureFromStep is null)
        {
            if (step >= WarmSteps || elapsedSeconds >= phase) (measureFromStep, measureFromSeconds) = (step, elapsedSeconds);
            return false;
        }
        long measured = step - measureFromStep.Value;
        double seconds = elapsedSeconds - measureFromSeconds;
        if (measured < MeasureSteps && seconds < phase) return false;
        StepsPerSecond = measured / Math.Max(seconds, 1e-9);
        Planned = PlanFrom(step, elapsedSeconds, StepsPerSecond.Value);
        (recheckFromStep, recheckFromSeconds) = (step, elapsedSeconds);
        return true;
    }

    /// <summary>
    /// Every <see cref="RecheckShare"/> of the budget, the rate of the last stretch: when the planned steps no longer fit
    /// at that rate, the plan shrinks to what does; when a faster stretch fits at least <see cref="LengthenAtLeast"/> more
    /// and the run is within its first <see cref="LengthenUntilShare"/>, the plan grows to what fits.
    /// </summary>
    private bool Recheck(long step, double elapsedSeconds)
    {
        if (recheckFromStep is null)
        {
            (recheckFromStep, recheckFromSeconds) = (step, elapsedSeconds); // a resumed run measures from here
            return false;
        }
        double seconds = elapsedSeconds - recheckFromSeconds;
        if (seconds < Budget.TotalSeconds * RecheckShare || step <= recheckFromStep) return false;
        double rate = (step - recheckFromStep.Value) / seconds;
        (recheckFromStep, recheckFromSeconds) = (step, elapsedSeconds);
        long fits = PlanFrom(step, elapsedSeconds, rate);
        bool shorten = rate < StepsPerSecond && fits < Planned;
        bool lengthen = rate > StepsPerSecond && step < Planned * LengthenUntilShare && fits >= Planned * (1 + LengthenAtLeast) && Planned < MaxSteps;
        if (!shorten && !lengthen) return false;
        (StepsPerSecond, Planned) = (rate, fits);
        return true;
    }

    /// <summary>After a validation that took <paramref name="seconds"/>: shortens the plan if it no longer fits. Returns the (new) plan.</summary>
    public long? AfterValidation(long step, double elapsedSeconds, double seconds)
    {
        ValidationSeconds = seconds;
        if (recheckFromStep is not null) (recheckFromStep, recheckFromSeconds) = (step, elapsedSeconds); // the validation is not a slow step
        if (Planned is { } planned && StepsPerSecond is { } rate)
        {
            long fits = PlanFrom(step, elapsedSeconds, rate);
            if (fits < planned) Planned = fits;
        }
        return Planned;
    }

    /// <summary>n more steps fit when n / rate + (n / interval) · v + v (the final validation) stays within what is left.</summary>
    private long PlanFrom(long step, double elapsedSeconds, double stepsPerSecond)
    {
        double left = (Budget.TotalSeconds - elapsedSeconds) * (1 - Margin) - ValidationSeconds;
        double perStep = 1 / stepsPerSecond + (ValInterval > 0 ? ValidationSeconds / ValInterval : 0);
        long more = Math.Max(1, (long)Math.Floor(left / perStep));
        return Math.Min(MaxSteps, step + more);
    }
}
