using MotorPick.Rounds.Demo;

namespace MotorPick.Rounds.Tests;

public class DemoScheduleTests
{
    [Fact]
    public void The_plan_counts_the_trainings_and_predictions_of_the_three_rounds_and_the_final_model()
    {
        var plan = DemoSchedule.Of(new DemoOptions { Out = "x" });
        Assert.Equal(new DemoSchedule(3, 2, 2000, 1500, 60, 20, 8), plan);
        Assert.Equal((6, 7, 10500L), (plan.Trainings, plan.Predictions, plan.TotalSteps));
        Assert.Contains("6 trainings (3 round-1 folds of 2000 steps; 2 round-2 ensemble members and the final model, 1500 steps each); " +
                        "7 predictions (3 out of fold, round 2 over all, external, 2 on the held-out set)", plan.Describe());
        var quick = DemoSchedule.Of(new DemoOptions { Out = "x", Quick = true });
        Assert.Equal(new DemoSchedule(2, 1, 250, 150, 24, 8, 3), quick);
        Assert.Equal((4, 6, 800L), (quick.Trainings, quick.Predictions, quick.TotalSteps));
    }

    [Fact]
    public void The_estimate_comes_once_after_100_steps_from_the_measured_rate()
    {
        var estimate = new DemoEstimate(new DemoSchedule(3, 0, 2000, 2000, 60, 20, 8));
        Assert.Null(estimate.Observe(50, 5));
        Assert.Null(estimate.Observe(99, 5));
        var line = estimate.Observe(100, 4);
        // 8000 steps, 100 done: 7900 / 4 per s = 1975 s, about 33 min.
        Assert.Equal("estimate: 4.0 training steps/s on this machine, so about 33 min of training left (7900 of 8000 steps), " +
                     "plus 7 predictions, the reviews, the portal fetch and the report (a few minutes)", line);
        Assert.Null(estimate.Observe(200, 4));
    }

    [Fact]
    public void Steps_of_successive_trainings_add_up()
    {
        var estimate = new DemoEstimate(new DemoSchedule(2, 0, 60, 60, 24, 8, 3));
        Assert.Null(estimate.Observe(60, 10));        // first training done: 60 steps
        Assert.Null(estimate.Observe(20, 10));        // the second starts again at step 20: 80
        Assert.Contains("about 8 s of training left (80 of 180 steps)", estimate.Observe(40, 10));
    }
}
