using MotorPick.Core;
using MotorPick.Labels.Csv;

namespace MotorPick.Portal.Metadata;

/// <summary>
/// tatamikenn's <c>irregular_labels.csv</c> (reference 1.10: a blank first line, then <c>tomo_id,z</c>, 71 rows, 62 ids): the
/// candidate list of wrongly quantised portal tomograms. Only the ids are used, as in the reference; <c>z</c> is ignored.
/// </summary>
public static class IrregularLabels
{
    /// <summary>The distinct tomo_ids in file order.</summary>
    public static IReadOnlyList<string> ReadIds(string path)
    {
        var doc = CsvDocument.Load(path);
        var c = doc.Column("tomo_id", "tomo_id, z");
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in doc.Rows)
        {
            Identifiers.Check(r[c], doc.Path, r.Line, "tomo_id");
            if (seen.Add(r[c])) ids.Add(r[c]);
        }
        return ids;
    }
}
