using MotorPick.Core;
using MotorPick.Scheduling.Slurm;

namespace MotorPick.Scheduling.Tests;

public class ArrayRangeTests
{
    [Fact]
    public void FormatsRunsOfIndices()
    {
        Assert.Equal("0-3", ArrayRange.Format([3, 1, 2, 0]));
        Assert.Equal("2,5-7,9", ArrayRange.Format([9, 5, 6, 7, 2, 6]));
        Assert.Equal("0-15%4", ArrayRange.Format(Enumerable.Range(0, 16), 4));
    }

    [Fact]
    public void ParsesWhatItFormats()
    {
        Assert.Equal([2, 5, 6, 7, 9], ArrayRange.Parse("2,5-7,9"));
        Assert.Equal([0, 1, 2], ArrayRange.Parse("0-2%1"));
        Assert.Throws<MotorPickException>(() => ArrayRange.Parse("3-1"));
        Assert.Throws<MotorPickException>(() => ArrayRange.Parse("a"));
    }
}
