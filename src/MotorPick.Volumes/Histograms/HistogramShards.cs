using MotorPick.Core;
using MotorPick.Core.Sharding;

namespace MotorPick.Volumes.Histograms;

/// <summary>
/// Sharding of <c>histogram.json</c>: a shard computes the histograms of its tomograms (balanced by the bytes of their
/// slices) into <c>histogram.shard-i-of-n.json</c>, and <see cref="Merge"/> puts the shards back into one file in the
/// label file's order, which is byte for byte what one run over all tomograms writes.
/// </summary>
public static class HistogramShards
{
    /// <summary>The inputs of <paramref name="shard"/>, in input (label file) order.</summary>
    public static IReadOnlyList<HistogramInput> Select(IReadOnlyList<HistogramInput> inputs, Shard shard)
    {
        var byId = inputs.ToDictionary(i => i.TomoId, StringComparer.Ordinal);
        var mine = ShardAssignment.Select(byId.Keys, shard, id => DirectoryBytes(byId[id].Directory)).ToHashSet(StringComparer.Ordinal);
        return inputs.Where(i => mine.Contains(i.TomoId)).ToList();
    }

    /// <summary>
    /// Concatenates histogram files. With <paramref name="order"/> (the label file's tomogram ids) the entries follow it
    /// and every id must be present exactly once; without it they are sorted by tomogram id. A tomogram in two files is refused.
    /// </summary>
    public static IReadOnlyList<TomogramHistogram> Merge(IReadOnlyList<string> files, IReadOnlyList<string>? order = null)
    {
        var owner = new Dictionary<string, (string File, TomogramHistogram Entry)>(StringComparer.Ordinal);
        foreach (var file in files)
            foreach (var e in HistogramJson.Read(file))
                if (!owner.TryAdd(e.TomoId, (file, e)))
                    throw new MotorPickException($"{e.TomoId} is in both {owner[e.TomoId].File} and {file}", file, field: e.TomoId);
        if (order is null) return owner.Keys.Order(StringComparer.Ordinal).Select(id => owner[id].Entry).ToList();
        var missing = order.Where(id => !owner.ContainsKey(id)).ToList();
        if (missing.Count > 0)
            throw new MotorPickException($"{missing.Count} tomograms of the label file are in no shard (first: {missing[0]}); did every shard finish?");
        var extra = owner.Keys.Except(order, StringComparer.Ordinal).ToList();
        if (extra.Count > 0) throw new MotorPickException($"{extra[0]} is not in the label file", owner[extra[0]].File, field: extra[0]);
        return order.Select(id => owner[id].Entry).ToList();
    }

    private static long DirectoryBytes(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles().Sum(f => f.Length) : File.Exists(path) ? new FileInfo(path).Length : 0;
}
