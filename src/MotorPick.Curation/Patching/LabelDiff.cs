using MotorPick.Labels;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;

namespace MotorPick.Curation.Patching;

/// <summary>A motor added in the new version, with its provenance when the new file records one.</summary>
public sealed record AddedMotor(Point3 Point, string? Source, string? Conf);

/// <summary>What changed for one tomogram. Motors are compared as multisets, so a reordering is not a change.</summary>
public sealed record TomoDiff(string TomoId, IReadOnlyList<AddedMotor> Added, IReadOnlyList<Point3> Removed, IReadOnlyList<(Point3 From, Point3 To)> Moved);

/// <summary>The differences between two label versions.</summary>
public sealed record LabelDiffResult(IReadOnlyList<TomoDiff> Changed, IReadOnlyList<string> OnlyInOld, IReadOnlyList<string> OnlyInNew)
{
    public int MotorsAdded => Changed.Sum(c => c.Added.Count);
    public int MotorsRemoved => Changed.Sum(c => c.Removed.Count);
    public int MotorsMoved => Changed.Sum(c => c.Moved.Count);
}

/// <summary>
/// Compares two label versions tomogram by tomogram. A removed and an added motor of the same tomogram within
/// <c>moveRadiusA</c> of each other count as one moved motor (nearest pairs first).
/// </summary>
public static class LabelDiff
{
    public static LabelDiffResult Compare(GtTable oldTable, GtTable newTable, TrainLabelsTable? newProvenance = null, double moveRadiusA = KaggleScore.RadiusA)
    {
        var changed = new List<TomoDiff>();
        foreach (var n in newTable.Rows)
        {
            if (!oldTable.TryGet(n.TomoId, out var o)) continue;
            var removed = o.Motors.ToList();
            var added = new List<Point3>();
            foreach (var m in n.Motors)
            {
                var i = removed.IndexOf(m);
                if (i >= 0) removed.RemoveAt(i);
                else added.Add(m);
            }
            if (removed.Count == 0 && added.Count == 0) continue;
            var moved = new List<(Point3, Point3)>();
            var radius = moveRadiusA / n.VoxelSpacing;
            var pairs = (from r in removed from a in added let d = r.DistanceTo(a) where d <= radius orderby d select (r, a)).ToList();
            foreach (var (r, a) in pairs)
            {
                if (!removed.Contains(r) || !added.Contains(a)) continue;
                removed.Remove(r);
                added.Remove(a);
                moved.Add((r, a));
            }
            changed.Add(new TomoDiff(n.TomoId, added.Select(a => Provenance(n.TomoId, a, newProvenance)).ToArray(), removed, moved));
        }
        var onlyOld = oldTable.Rows.Where(r => !newTable.TryGet(r.TomoId, out _)).Select(r => r.TomoId).ToArray();
        var onlyNew = newTable.Rows.Where(r => !oldTable.TryGet(r.TomoId, out _)).Select(r => r.TomoId).ToArray();
        return new LabelDiffResult(changed, onlyOld, onlyNew);
    }

    private static AddedMotor Provenance(string tomoId, Point3 p, TrainLabelsTable? table)
    {
        var row = table?.Rows.FirstOrDefault(r => r.TomoId == tomoId && r.Motor == p);
        return row is null ? new AddedMotor(p, null, null) : new AddedMotor(p, table!.Extra(row, "source"), table.Extra(row, "conf"));
    }
}
