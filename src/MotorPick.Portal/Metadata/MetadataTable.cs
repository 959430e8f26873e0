using MotorPick.Core;
using MotorPick.Portal.Api;

namespace MotorPick.Portal.Metadata;

/// <summary><c>metadata_full.csv</c> (docs/reference.md 1.12): one row per meta file sorted by tomo_id, 51 columns.</summary>
public static class MetadataTable
{
    public static IReadOnlyList<string> Columns { get; } =
    [
        "tomo_id", "ori_spacing", "ori_shape", "ori_dtype", "detected_as_uint8_range", "target_spacing", "target_shape", "Z", "Y", "X",
        .. PortalAttributes.All.Select(a => a.MetaKey),
        "ori_histogram", "ori_histogram_bins", "ori_tomo_min", "ori_tomo_max", "ori_tomo_mean", "ori_tomo_std",
    ];

    public static PandasTable Build(IReadOnlyList<MetaRecord> metas)
    {
        var table = new PandasTable(Columns);
        foreach (var m in metas)
        {
            var shape = m.Shape("target_shape");
            table.Add(Columns.Select(c => c switch
            {
                "Z" => (object?)(long)shape[0],
                "Y" => (long)shape[1],
                "X" => (long)shape[2],
                _ => m.Get(c),
            }).ToArray());
        }
        return table;
    }

    /// <summary>Reads <paramref name="metaDir"/> and writes the table; returns the row count.</summary>
    public static int Write(string metaDir, string outPath)
    {
        var table = Build(MetaDirectory.ReadAll(metaDir));
        AtomicFile.WriteAllText(outPath, table.ToCsv());
        return table.RowCount;
    }
}
