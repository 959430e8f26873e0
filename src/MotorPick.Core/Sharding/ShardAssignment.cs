namespace MotorPick.Core.Sharding;

/// <summary>
/// Deterministic assignment of item ids (tomogram ids) to shards. Every array task computes the same assignment on
/// its own, so it must depend only on the set of ids and their sizes, never on listing order: ids are sorted
/// (ordinal) first, then dealt out by greedy longest-processing-time (largest first, each to the least loaded
/// shard, ties to the lower shard index). Without sizes every id weighs 1 and this is round-robin over sorted ids.
/// </summary>
public static class ShardAssignment
{
    /// <summary>The ids of every shard, each list in ordinal order; every id appears in exactly one shard.</summary>
    /// <param name="ids">Distinct ids in any order.</param>
    /// <param name="count">Number of shards (at least 1); shards may be empty when there are fewer ids.</param>
    /// <param name="size">Work per id (bytes, voxels); null: all equal. Negative sizes count as 0.</param>
    public static IReadOnlyList<string>[] Assign(IEnumerable<string> ids, int count, Func<string, long>? size = null)
    {
        if (count < 1) throw new MotorPickException($"the number of shards must be at least 1, not {count}", field: "--shard");
        var sorted = ids.Order(StringComparer.Ordinal).ToArray();
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i] == sorted[i - 1]) throw new MotorPickException($"id '{sorted[i]}' is listed twice; shards need distinct ids");
        var weights = sorted.Select(id => size is null ? 1L : Math.Max(0L, size(id))).ToArray();
        // Stable sort by weight, descending: equal weights keep the ordinal id order.
        var order = Enumerable.Range(0, sorted.Length).OrderByDescending(i => weights[i]).ToArray();
        var load = new long[count];
        var shards = Enumerable.Range(0, count).Select(_ => new List<string>()).ToArray();
        foreach (var i in order)
        {
            var target = 0;
            for (var s = 1; s < count; s++)
                if (load[s] < load[target]) target = s;
            load[target] += weights[i];
            shards[target].Add(sorted[i]);
        }
        return shards.Select(list => (IReadOnlyList<string>)list.Order(StringComparer.Ordinal).ToArray()).ToArray();
    }

    /// <summary>The ids of one shard (ordinal order); all ids when <paramref name="shard"/> is null.</summary>
    public static IReadOnlyList<string> Select(IEnumerable<string> ids, Shard? shard, Func<string, long>? size = null) =>
        shard is { } s ? Assign(ids, s.Count, size)[s.Index] : ids.Order(StringComparer.Ordinal).ToArray();
}
