using MotorPick.Core;
using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Interop;

/// <summary>What a pick set holds: curated motor labels, or model candidates whose score is the confidence.</summary>
public enum PickKind
{
    /// <summary>Motor labels (a gt table or train_labels.csv); exported with score 1.</summary>
    Labels,

    /// <summary>Candidates (<c>tomo_id, motor_z, motor_y, motor_x, conf</c>); <c>conf</c> travels as the pick score.</summary>
    Candidates,
}

/// <summary>The voxel grid a tomogram's coordinates refer to: array shape (z, y, x) and voxel spacing in Å.</summary>
public sealed record TomogramGeometry(TomoShape Shape, double VoxelSpacing)
{
    public override string ToString() => $"{Shape} voxels at {PyFormat.Float(VoxelSpacing)} Å";
}

/// <summary>One pick in MotorPick's convention: (z, y, x) voxel coordinates with voxel centres at integers; score where known.</summary>
public readonly record struct Pick(Point3 Point, double? Score = null);

/// <summary>All picks of one tomogram, with the grid they refer to. An empty list means "no motor".</summary>
public sealed record TomogramPicks(string TomoId, TomogramGeometry Geometry, IReadOnlyList<Pick> Picks);

/// <summary>
/// The format-neutral exchange model: every tomogram with its geometry and picks, in MotorPick's voxel convention.
/// Exporters write it, importers return it; tomograms without picks are kept so that "no motor" survives a round trip.
/// </summary>
public sealed class PickSet
{
    public PickSet(PickKind kind, IReadOnlyList<TomogramPicks> tomograms)
    {
        Kind = kind;
        Tomograms = tomograms;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tomograms)
        {
            if (!seen.Add(t.TomoId)) throw new ArgumentException($"tomogram {t.TomoId} appears twice in the pick set");
        }
    }

    public PickKind Kind { get; }

    public IReadOnlyList<TomogramPicks> Tomograms { get; }

    public int PickCount => Tomograms.Sum(t => t.Picks.Count);

    /// <summary>Labels of a gt table (or a train_labels.csv read with <see cref="LabelTables.ReadAsGt"/>).</summary>
    public static PickSet FromGt(GtTable table) =>
        new(PickKind.Labels, table.Rows
            .Select(r => new TomogramPicks(r.TomoId, new TomogramGeometry(r.Shape, r.VoxelSpacing), r.Motors.Select(m => new Pick(m)).ToArray()))
            .ToArray());

    /// <summary>
    /// Candidates (or a submission) with each tomogram's geometry from <paramref name="geometry"/>. Tomograms keep
    /// the order of first appearance; -1 rows mark a tomogram without candidates.
    /// </summary>
    public static PickSet FromPredictions(IEnumerable<Prediction> predictions, Func<string, TomogramGeometry?> geometry, string? source = null)
    {
        var order = new List<string>();
        var picks = new Dictionary<string, List<Pick>>(StringComparer.Ordinal);
        foreach (var p in predictions)
        {
            if (!picks.TryGetValue(p.TomoId, out var list))
            {
                picks[p.TomoId] = list = [];
                order.Add(p.TomoId);
            }
            if (p.HasMotor) list.Add(new Pick(p.Point, p.Conf));
        }
        var tomograms = order.Select(id =>
        {
            var g = geometry(id) ?? throw new MotorPickException(
                $"no shape and voxel spacing known for {id}: give a label table with it (--tomograms gt.csv) or --voxel-size and --shape", source, field: "tomo_id");
            return new TomogramPicks(id, g, picks[id]);
        }).ToArray();
        return new PickSet(PickKind.Candidates, tomograms);
    }

    /// <summary>The competition's per-motor table (a -1 row for a tomogram without picks).</summary>
    public TrainLabelsTable ToTrainLabels() =>
        TrainLabelsTable.FromTomograms(Tomograms.Select(t =>
            new TomogramLabels(t.TomoId, t.Geometry.Shape, t.Geometry.VoxelSpacing, t.Picks.Select(p => p.Point).ToArray())));

    /// <summary>Candidate rows (score as <c>conf</c>, 1.0 when a pick has none; a -1 row with conf 0 for a tomogram without picks).</summary>
    public IReadOnlyList<Prediction> ToPredictions()
    {
        var rows = new List<Prediction>();
        foreach (var t in Tomograms)
        {
            if (t.Picks.Count == 0) rows.Add(new Prediction(t.TomoId, Point3.None, 0.0));
            foreach (var p in t.Picks) rows.Add(new Prediction(t.TomoId, p.Point, p.Score ?? 1.0));
        }
        return rows;
    }
}
