using MotorPick.Core;
using MotorPick.Core.Sharding;

namespace MotorPick.Core.Tests;

public class ShardAssignmentTests
{
    private static readonly string[] Ids = Enumerable.Range(0, 37).Select(i => $"tomo_{(i * 7919) % 1000:000}x").ToArray();

    private static long Size(string id) => 100 + (id[5] - '0') * 37 + (id[7] - '0') * 5;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(36)]
    [InlineData(37)]
    [InlineData(50)]
    public void EveryIdIsInExactlyOneShard(int count)
    {
        foreach (var size in new Func<string, long>?[] { null, Size })
        {
            var shards = ShardAssignment.Assign(Ids, count, size);
            Assert.Equal(count, shards.Length);
            var all = shards.SelectMany(s => s).ToArray();
            Assert.Equal(Ids.Length, all.Length);
            Assert.Equal(Ids.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void IsStableUnderReorderingOfTheInput()
    {
        var reference = ShardAssignment.Assign(Ids, 5, Size);
        var rng = new Random(7);
        for (var trial = 0; trial < 20; trial++)
        {
            var shuffled = Ids.OrderBy(_ => rng.Next()).ToArray();
            var again = ShardAssignment.Assign(shuffled, 5, Size);
            for (var s = 0; s < 5; s++) Assert.Equal(reference[s], again[s]);
        }
    }

    [Fact]
    public void WithoutSizesDealsSortedIdsRoundRobin()
    {
        var shards = ShardAssignment.Assign(["d", "a", "c", "e", "b"], 2);
        Assert.Equal(["a", "c", "e"], shards[0]);
        Assert.Equal(["b", "d"], shards[1]);
    }

    [Fact]
    public void BalancesBySizeLargestFirst()
    {
        var sizes = new Dictionary<string, long> { ["a"] = 10, ["b"] = 9, ["c"] = 2, ["d"] = 2, ["e"] = 1, ["f"] = 8 };
        var shards = ShardAssignment.Assign(sizes.Keys, 3, id => sizes[id]);
        // LPT: a(10)->0, b(9)->1, f(8)->2, c(2)->2, d(2)->1, e(1)->0 (the lower of two loads of 10): loads 11, 11, 10.
        Assert.Equal(["a", "e"], shards[0]);
        Assert.Equal(["b", "d"], shards[1]);
        Assert.Equal(["c", "f"], shards[2]);
    }

    [Fact]
    public void LoadsStayWithinTheLargestItemOfEachOther()
    {
        var shards = ShardAssignment.Assign(Ids, 6, Size);
        var loads = shards.Select(s => s.Sum(Size)).ToArray();
        Assert.True(loads.Max() - loads.Min() <= Ids.Max(Size), string.Join(", ", loads));
    }

    [Fact]
    public void ShardListsAreInOrdinalOrder()
    {
        foreach (var shard in ShardAssignment.Assign(Ids, 4, Size))
            Assert.Equal(shard.Order(StringComparer.Ordinal), shard);
    }

    [Fact]
    public void SelectPicksOneShardOrAll()
    {
        Assert.Equal(ShardAssignment.Assign(Ids, 4, Size)[2], ShardAssignment.Select(Ids, new Shard(2, 4), Size));
        Assert.Equal(Ids.Order(StringComparer.Ordinal), ShardAssignment.Select(Ids, null));
    }

    [Fact]
    public void RefusesDuplicateIdsAndZeroShards()
    {
        Assert.Contains("listed twice", Assert.Throws<MotorPickException>(() => ShardAssignment.Assign(["a", "b", "a"], 2)).Message);
        Assert.Throws<MotorPickException>(() => ShardAssignment.Assign(["a"], 0));
    }
}
