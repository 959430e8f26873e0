using MotorPick.Model.Training;
using MotorPick.Tests;

namespace MotorPick.Model.Tests;

/// <summary>A time budget becomes the number of steps that fit on the machine, measured after warm-up.</summary>
public class StepBudgetTests
{
    /// <summary>Runs a simulated training at <paramref name="secondsPerStep"/> until the budget plans, returning the step it planned at.</summary>
    private static long PlanAt(StepBudget budget, double secondsPerStep)
    {
        for (long step = 1; step < 100000; step++)
            if (budget.Observe(step, step * secondsPerStep)) return step;
        throw new InvalidOperationException("never planned");
    }

    [Fact]
    public void PlansTheStepsThatFitAfterLeavingOutTheWarmUp()
    {
        var budget = new StepBudget(TimeSpan.FromSeconds(100));
        long at = PlanAt(budget, 0.1);                               // 10 steps/s
        Assert.Equal(StepBudget.WarmSteps + StepBudget.MeasureSteps, at);
        Assert.Equal(10, budget.StepsPerSecond!.Value, 6);
        // (100 s - 6 s) · 0.97 of margin at 10 steps/s
        Assert.Equal(at + 911, budget.Planned);
    }

    [Fact]
    public void SlowStepsAreMeasuredWithinAShareOfTheBudget()
    {
        var budget = new StepBudget(TimeSpan.FromSeconds(600));
        long at = PlanAt(budget, 5.0);                               // 30 s each phase at most: 5 % of 600 s
        Assert.True(at <= 14, $"planned at step {at}");
        Assert.True(budget.Planned > at && budget.Planned < 125, $"{budget.Planned} steps of 5 s in 600 s");
    }

    [Fact]
    public void ThePlanKeepsTimeForValidationsAndOnlyShrinks()
    {
        var budget = new StepBudget(TimeSpan.FromSeconds(100)) { ValInterval = 100 };
        PlanAt(budget, 0.1);
        long first = budget.Planned!.Value;
        // a 5 s validation at step 100: the rest of the run holds fewer steps
        long shorter = budget.AfterValidation(100, 15, 5)!.Value;
        Assert.True(shorter < first, $"{shorter} not below {first}");
        // a quick one never lengthens it again
        Assert.Equal(shorter, budget.AfterValidation(200, 25, 0.01));
    }

    [Fact]
    public void StepsThatSlowDownAfterThePlanShortenItSoTheRunEndsWithinTheBudget()
    {
        var budget = new StepBudget(TimeSpan.FromSeconds(100));
        long at = PlanAt(budget, 0.1);                               // planned at 10 steps/s: 971 steps
        Assert.Equal(971, budget.Planned);
        // another job starts: every step now takes twice as long
        double elapsed = at * 0.1;
        long step = at, shortened = 0;
        while (step < budget.Planned)
        {
            step++;
            elapsed += 0.2;
            if (budget.Observe(step, elapsed)) shortened++;
        }
        Assert.True(shortened > 0);
        Assert.True(elapsed <= 100, $"ended at {elapsed:F1} s of a 100 s budget after {step} steps");
        Assert.True(step > 450, $"only {step} steps: the plan shrank more than the slowdown asks for");
    }

    [Fact]
    public void StepsThatSpeedUpEarlyLengthenThePlanAndTheRunStillEndsWithinTheBudget()
    {
        // the rate was measured while another job ran: 10 steps/s, then the machine goes quiet at 20 steps/s
        var budget = new StepBudget(TimeSpan.FromSeconds(100));
        long step = PlanAt(budget, 0.1);
        long first = budget.Planned!.Value;
        double elapsed = step * 0.1;
        while (step < budget.Planned)
        {
            step++;
            elapsed += 0.05;
            budget.Observe(step, elapsed);
        }
        Assert.True(budget.Planned > first * 1.5, $"{budget.Planned} steps planned, {first} at first");
        Assert.True(elapsed is > 80 and <= 100, $"ended at {elapsed:F1} s of a 100 s budget");
    }

    [Fact]
    public void AFasterStretchInTheSecondHalfOfTheRunNoLongerLengthensIt()
    {
        var budget = new StepBudget(TimeSpan.FromSeconds(100));
        long at = PlanAt(budget, 0.1);
        long planned = budget.Planned!.Value;
        double elapsed = at * 0.1;
        long step = at;
        for (; step < planned / 2 + 1; step++) budget.Observe(step + 1, elapsed += 0.1);
        Assert.Equal(planned, budget.Planned);
        for (; step <= planned; step++) Assert.False(budget.Observe(step + 1, elapsed += 0.05));
        Assert.Equal(planned, budget.Planned);
    }

    [Fact]
    public void ThePlanNeverExceedsTheStepCap()
    {
        var budget = new StepBudget(TimeSpan.FromHours(1)) { MaxSteps = 500 };
        PlanAt(budget, 0.01);
        Assert.Equal(500, budget.Planned);
    }

    [Fact]
    public void TrainerRunsThePlannedStepsAndRecordsThemInTheCardAndTheCheckpoint()
    {
        using var dir = Fixtures.TempDir();
        var opts = TrainingFixtures.Options(100000) with { TimeBudget = "3s", ValInterval = 0, CheckpointInterval = 5 };
        var summary = new Trainer(opts, TrainingFixtures.Data(), dir.Path).Run();
        var card = CheckpointCard.Load(summary.ModelCard);
        var state = RunState.Load(Trainer.StatePath(dir.Path));
        Assert.True(summary.Steps < 100000);
        Assert.Equal(summary.Steps, card.Steps);
        Assert.Equal(summary.Steps, state.PlannedSteps);
        Assert.Equal(3, card.TimeBudgetSeconds);
        Assert.True(card.StepsPerSecond > 0);
        Assert.Contains("cores", card.Machine);
        Assert.Equal("3s", TrainOptions.Load(Path.Combine(dir.Path, "train.json")).TimeBudget);

        // resuming a finished budgeted run keeps its plan: no further steps
        var again = new Trainer(opts, TrainingFixtures.Data(), dir.Path).Run(resume: true);
        Assert.Equal(summary.Steps, again.Steps);
    }
}
