using MotorPick.Core;
using MotorPick.Labels.Tables;

namespace MotorPick.Inference.Pipeline;

/// <summary>
/// Combines candidate files written per fold or per shard. Rows are ordered by tomogram id (ordinal), each tomogram's
/// rows in the order of its file, so the result does not depend on the order of the files and equals what one
/// <see cref="DatasetPredictor"/> run over all tomograms writes. A tomogram in two files is refused: folds and shards never overlap.
/// </summary>
public static class CandidateMerge
{
    /// <summary>The merged rows and the number of tomograms they cover.</summary>
    public static (IReadOnlyList<Prediction> Rows, int Tomograms) Merge(IReadOnlyList<string> files)
    {
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = new Dictionary<string, List<Prediction>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var row in PredictionsFile.Read(file))
            {
                if (!rows.TryGetValue(row.TomoId, out var list))
                {
                    if (!owner.TryAdd(row.TomoId, file))
                        throw new MotorPickException($"{row.TomoId} is in both {owner[row.TomoId]} and {file}", file, field: "tomo_id");
                    rows[row.TomoId] = list = [];
                }
                else if (owner[row.TomoId] != file)
                    throw new MotorPickException($"{row.TomoId} is in both {owner[row.TomoId]} and {file}", file, field: "tomo_id");
                list.Add(row);
            }
        }
        return (rows.Keys.Order(StringComparer.Ordinal).SelectMany(id => rows[id]).ToList(), rows.Count);
    }

    /// <summary>Merges <paramref name="files"/> into <paramref name="output"/> (written atomically).</summary>
    public static (int Rows, int Tomograms) Write(IReadOnlyList<string> files, string output)
    {
        var (rows, tomograms) = Merge(files);
        PredictionsFile.WriteCandidates(output, rows);
        return (rows.Count, tomograms);
    }
}
