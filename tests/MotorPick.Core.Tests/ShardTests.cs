using MotorPick.Core;
using MotorPick.Core.Sharding;

namespace MotorPick.Core.Tests;

public class ShardTests
{
    [Fact]
    public void ParsesIndexOverCount()
    {
        Assert.Equal(new Shard(3, 8), Shard.Parse("3/8"));
        Assert.Equal("3/8", new Shard(3, 8).ToString());
        Assert.Null(Shard.ParseOptional(null));
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("%a/4")]
    [InlineData("1/2/3")]
    public void RefusesWhatIsNotAShard(string text)
    {
        var e = Assert.Throws<MotorPickException>(() => Shard.Parse(text));
        Assert.Equal("--shard", e.Field);
    }

    [Fact]
    public void TagsFileNamesBeforeTheExtension()
    {
        var s = new Shard(1, 4);
        Assert.Equal("shard-1-of-4", s.FileTag);
        Assert.Equal(Path.Combine("out", "cand.shard-1-of-4.csv"), s.Tag(Path.Combine("out", "cand.csv")));
        Assert.Equal("histogram.shard-1-of-4.json", s.Tag("histogram.json"));
        Assert.Equal("meta.shard-1-of-4", s.Tag("meta"));
    }
}
