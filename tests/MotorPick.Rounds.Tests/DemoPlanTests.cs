using MotorPick.Rounds.Demo;

namespace MotorPick.Rounds.Tests;

public class DemoPlanTests
{
    [Fact]
    public void The_plan_counts_a_training_per_fold_plus_the_retraining_and_the_predictions()
    {
        var plan = DemoPlan.Of(new DemoOptions { Out = "x" });
        Assert.Equal(new DemoPlan(4, 2000, 5, 60, 20), plan);
        Assert.Contains("4 trainings of 2000 steps (3 folds, then one on the reviewed labels); 5 predictions (3 out of fold, 2 on the held-out set)", plan.Describe());
        Assert.Equal(new DemoPlan(3, 250, 4, 24, 8), DemoPlan.Of(new DemoOptions { Out = "x", Quick = true }));
    }

    [Fact]
    public void The_estimate_comes_once_after_100_steps_from_the_measured_rate()
    {
        var estimate = new DemoEstimate(new DemoPlan(4, 2000, 5, 60, 20));
        Assert.Null(estimate.Observe(50, 5));
        Assert.Null(estimate.Observe(99, 5));
        var line = estimate.Observe(100, 4);
        // 8000 steps, 100 done: 7900 / 4 per s = 1975 s, about 33 min.
        Assert.Equal("estimate: 4.0 training steps/s on this machine, so about 33 min of training left (7900 of 8000 steps), " +
                     "plus 5 predictions, the review and the report (a few minutes)", line);
        Assert.Null(estimate.Observe(200, 4));
    }

    [Fact]
    public void Steps_of_successive_trainings_add_up()
    {
        var estimate = new DemoEstimate(new DemoPlan(3, 60, 4, 24, 8));
        Assert.Null(estimate.Observe(60, 10));        // first training done: 60 steps
        Assert.Null(estimate.Observe(20, 10));        // the second starts again at step 20: 80
        Assert.Contains("about 8 s of training left (80 of 180 steps)", estimate.Observe(40, 10));
    }
}
