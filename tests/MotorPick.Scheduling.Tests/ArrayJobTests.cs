using MotorPick.Core;

namespace MotorPick.Scheduling.Tests;

public class ArrayJobTests
{
    [Fact]
    public void TakesTheTaskCountFromTheShardOption()
    {
        Assert.Equal(16, ArrayJob.TasksFromShardOption(["predict", "--shard", "%a/16", "--out", "c.csv"]));
        Assert.Equal(4, ArrayJob.TasksFromShardOption(["histogram", "--shard=%a/4"]));
        Assert.Null(ArrayJob.TasksFromShardOption(["merge", "candidates", "a.csv"]));
    }

    [Fact]
    public void RefusesAShardThatIsNotTheTaskIndex()
    {
        var e = Assert.Throws<MotorPickException>(() => ArrayJob.TasksFromShardOption(["predict", "--shard", "3/16"]));
        Assert.Contains("%a/N", e.Message);
    }

    [Fact]
    public void ReplacesThePlaceholderForATask()
    {
        var job = new ArrayJob { Name = "n", Command = ["predict", "--shard", "%a/4", "--out", "c_%a.csv"], Launcher = ["motorpick"], Tasks = 4, WorkingDirectory = "/w" };
        Assert.Equal(["predict", "--shard", "2/4", "--out", "c_2.csv"], job.CommandFor(2));
    }
}
