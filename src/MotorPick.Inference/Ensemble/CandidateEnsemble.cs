using MotorPick.Core;
using MotorPick.Labels;
using MotorPick.Labels.Tables;

namespace MotorPick.Inference.Ensemble;

/// <summary>
/// Fuses candidate files (one per model/TTA "agg", in the reference's candidate layout) tomogram by tomogram with
/// <see cref="PointWbf"/>, as postprocess.py does: rows with a -1 coordinate or conf &lt;= 0 are ignored, the
/// clustering distance is <c>distA / spacing</c> voxels, and each tomogram gets its fused points by confidence
/// (or a -1 row with conf 0.0 when nothing survives).
/// </summary>
public static class CandidateEnsemble
{
    /// <summary>
    /// Fuses <paramref name="files"/> (each a list of candidates). Tomograms are those of any file, in ordinal order.
    /// <paramref name="spacing"/> gives each tomogram's voxel spacing in A. With <paramref name="topOnly"/> each tomogram keeps
    /// only its best fused point (the reference's final table).
    /// </summary>
    public static IReadOnlyList<Prediction> Fuse(IReadOnlyList<IReadOnlyList<Prediction>> files, Func<string, double> spacing,
        WbfOptions options, double distA = 1000.0, IReadOnlyList<double>? weights = null, bool topOnly = true)
    {
        if (files.Count == 0) throw new MotorPickException("no candidate files to fuse");
        var byTomo = files.Select(f => f.GroupBy(p => p.TomoId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal)).ToArray();
        var ids = byTomo.SelectMany(d => d.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var result = new List<Prediction>();
        foreach (var id in ids)
        {
            var perModel = byTomo.Select(d => (IReadOnlyList<ScoredPoint>)(d.TryGetValue(id, out var rows)
                ? rows.Where(r => r.HasMotor && (r.Conf ?? 0) > 0).Select(r => new ScoredPoint(r.Point.Z, r.Point.Y, r.Point.X, r.Conf ?? 0)).ToArray()
                : [])).ToArray();
            var fused = PointWbf.Fuse(perModel, weights, options with { DistThr = distA / spacing(id) });
            if (fused.Count == 0) { result.Add(new Prediction(id, Point3.None, 0.0)); continue; }
            foreach (var p in topOnly ? fused.Take(1) : fused) result.Add(new Prediction(id, new Point3(p.Z, p.Y, p.X), p.Score));
        }
        return result;
    }
}
