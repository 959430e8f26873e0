namespace MotorPick.Core.Tests;

public class DurationsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("20m", 1200)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("2m30s", 150)]
    [InlineData(" 45m ", 2700)]
    public void ParsesWhatPeopleWrite(string text, double seconds) => Assert.Equal(seconds, Durations.Parse(text, "time_budget").TotalSeconds);

    [Theory]
    [InlineData("")]
    [InlineData("20")]
    [InlineData("20 minutes")]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("m")]
    public void AnythingElseNamesTheFieldAndTheForm(string text)
    {
        var e = Assert.Throws<MotorPickException>(() => Durations.Parse(text, "time_budget"));
        Assert.Equal("time_budget", e.Field);
        Assert.Contains("20m", e.Message);
    }
}
