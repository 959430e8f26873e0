using MotorPick.Core;

namespace MotorPick.Labels.Tables;

/// <summary>
/// Concatenates ground-truth tables in the short layout, as the reference built <c>all_gt.csv</c>
/// (gt_v2 + external_gt) and <c>all_gt_v3.csv</c> (gt_v3 + external_gt): rows in input order, no re-sorting.
/// </summary>
public static class GtConcat
{
    public static GtTable Concat(IReadOnlyList<GtTable> tables)
    {
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new List<GtRow>();
        foreach (var t in tables)
        {
            foreach (var r in t.Rows)
            {
                var source = t.Source ?? "an input";
                if (!owner.TryAdd(r.TomoId, source))
                    throw new MotorPickException($"{r.TomoId} is in both {owner[r.TomoId]} and {source}; concatenated tables must not share tomograms", source, field: "tomo_id");
                rows.Add(r with { OriNumMotors = null });
            }
        }
        return new GtTable(rows, GtLayout.Short);
    }
}
