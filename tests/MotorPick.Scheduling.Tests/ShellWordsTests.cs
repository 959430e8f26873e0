namespace MotorPick.Scheduling.Tests;

public class ShellWordsTests
{
    [Theory]
    [InlineData("predict", "predict")]
    [InlineData("/data/train_v2/gt.csv", "/data/train_v2/gt.csv")]
    [InlineData("zyx,zxy_z", "zyx,zxy_z")]
    [InlineData("--blur=0.1", "--blur=0.1")]
    [InlineData("my data", "'my data'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME", "'$HOME'")]
    [InlineData("", "''")]
    public void QuotesOnlyWhatTheShellWouldChange(string word, string quoted) => Assert.Equal(quoted, ShellWords.Quote(word));

    [Fact]
    public void ExpandsThePlaceholderOutsideTheQuotes()
    {
        Assert.Equal("${T}/16", ShellWords.QuoteWithExpansion("%a/16", "%a", "${T}"));
        Assert.Equal("'my out/cand_'${T}.csv", ShellWords.QuoteWithExpansion("my out/cand_%a.csv", "%a", "${T}"));
        Assert.Equal("plain", ShellWords.QuoteWithExpansion("plain", "%a", "${T}"));
    }
}
