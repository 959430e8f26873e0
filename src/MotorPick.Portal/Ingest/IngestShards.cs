using MotorPick.Core;
using MotorPick.Core.Sharding;
using MotorPick.Labels.Tables;
using MotorPick.Portal.Selection;

namespace MotorPick.Portal.Ingest;

/// <summary>
/// Sharding of <c>portal fetch</c>: shard i of n ingests its part of the selection (balanced by the expected download
/// bytes) into the same output directory. Per-run outputs (slices, meta and label JSON) never collide; the one shared
/// table, <c>portal_labels.csv</c>, is written per shard (<c>portal_labels.shard-i-of-n.csv</c>) and combined by
/// <see cref="MergeLabels"/> (<c>motorpick merge metadata</c>) into what one unsharded run writes.
/// </summary>
public static class IngestShards
{
    /// <summary>The file name of the label table of an ingest (tagged with the shard, if any).</summary>
    public static string LabelsFile(string outDir, Shard? shard)
    {
        var path = Path.Combine(outDir, "portal_labels.csv");
        return shard is { } s ? s.Tag(path) : path;
    }

    /// <summary>The part of <paramref name="selection"/> that shard <paramref name="shard"/> ingests, in run name order.</summary>
    public static SelectionResult Select(SelectionResult selection, Shard shard)
    {
        var byId = selection.Items.ToDictionary(i => i.TomoId, StringComparer.Ordinal);
        var mine = ShardAssignment.Select(byId.Keys, shard, id => byId[id].ExpectedBytes);
        return selection with { Items = mine.Select(id => byId[id]).ToList() };
    }

    /// <summary>True when a path below the output directory belongs to one of <paramref name="tomoIds"/>
    /// (a folder named after the run, or a file or staging folder named <c>&lt;run&gt;.*</c>).</summary>
    public static bool BelongsTo(string outDir, string path, IReadOnlySet<string> tomoIds) =>
        Path.GetRelativePath(outDir, path).Split(Path.DirectorySeparatorChar)
            .Any(segment => tomoIds.Contains(segment) || tomoIds.Any(id => segment.StartsWith(id + ".", StringComparison.Ordinal)));

    /// <summary>
    /// Combines per-shard label tables (train_labels layout): rows ordered by tomo_id, each tomogram's rows as in its
    /// file, <c>row_id</c> renumbered from 0. A tomogram in two files is refused.
    /// </summary>
    public static TrainLabelsTable MergeLabels(IReadOnlyList<string> files)
    {
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new Dictionary<string, List<TrainLabelRow>>(StringComparer.Ordinal);
        IReadOnlyList<string>? extra = null;
        foreach (var file in files)
        {
            var table = TrainLabelsFile.Read(file);
            extra ??= table.ExtraColumns;
            if (!extra.SequenceEqual(table.ExtraColumns))
                throw new MotorPickException($"extra columns {string.Join(", ", table.ExtraColumns)} differ from {string.Join(", ", extra)} of {files[0]}", file);
            foreach (var group in table.ByTomogram())
            {
                if (!owner.TryAdd(group.Key, file)) throw new MotorPickException($"{group.Key} is in both {owner[group.Key]} and {file}", file, field: "tomo_id");
                rows[group.Key] = [.. group];
            }
        }
        var merged = rows.Keys.Order(StringComparer.Ordinal).SelectMany(id => rows[id]).Select((r, i) => r with { RowId = i }).ToList();
        return new TrainLabelsTable(merged, extra);
    }
}
