using MotorPick.Core;
using MotorPick.Portal.Download;
using MotorPick.Portal.Processing;
using MotorPick.Portal.StandIn;

namespace MotorPick.Portal.Tests;

public class PyJsonTests
{
    [Fact]
    public void Writes_like_python_json_dump()
    {
        var doc = new List<KeyValuePair<string, object?>>
        {
            new("a", 16.0), new("b", new long[] { 1, 2 }), new("c", null), new("d", true), new("e", "q\"\u00e9\n\u007f"), new("f", 1e-05), new("g", double.NaN),
        };
        Assert.Equal("{\"a\": 16.0, \"b\": [1, 2], \"c\": null, \"d\": true, \"e\": \"q\\\"\\u00e9\\n\\u007f\", \"f\": 1e-05, \"g\": NaN}", PyJson.Serialize(doc));
    }
}

public class ByteBudgetTests
{
    [Fact]
    public async Task Waiters_are_served_in_order_when_bytes_are_released_and_an_oversize_request_runs_alone()
    {
        var budget = new ByteBudget(100);
        Assert.Equal(60, await budget.AcquireAsync(60));
        var second = budget.AcquireAsync(60);
        Assert.False(second.IsCompleted);
        budget.Release(60);
        Assert.Equal(60, await second);
        var huge = budget.AcquireAsync(500);
        Assert.False(huge.IsCompleted);
        budget.Release(60);
        Assert.Equal(500, await huge);
        Assert.Equal(500, budget.PeakHeld);
    }

    [Fact]
    public async Task A_cancelled_wait_takes_nothing()
    {
        var budget = new ByteBudget(10);
        await budget.AcquireAsync(10);
        using var cts = new CancellationTokenSource();
        var wait = budget.AcquireAsync(5, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        budget.Release(10);
        Assert.Equal(0, budget.Held);
    }
}

public class LocalPortalServerTests
{
    [Theory]
    [InlineData("bytes=10-", 100, true, 10, 99)]
    [InlineData("bytes=10-19", 100, true, 10, 19)]
    [InlineData("bytes=90-200", 100, true, 90, 99)]
    [InlineData("bytes=-5", 100, true, 95, 99)]
    [InlineData("bytes=100-", 100, false, 0, 0)]
    [InlineData("bytes=1-2,4-5", 100, false, 0, 0)]
    [InlineData("items=1-2", 100, false, 0, 0)]
    public void Single_ranges_are_understood(string header, long length, bool ok, long start, long end)
    {
        Assert.Equal(ok, LocalPortalServer.TryParseRange(header, length, out var s, out var e));
        if (ok) Assert.Equal((start, end), (s, e));
    }
}
