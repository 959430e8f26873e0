using MotorPick.Core;
using MotorPick.Labels.Csv;
using MotorPick.Portal.Api;

namespace MotorPick.Portal.Metadata;

/// <summary>The result of a conversion: rows written and the runs skipped for want of a meta file.</summary>
public sealed record ExternalConversion(int Rows, IReadOnlyList<string> RunsWithoutMeta, int RowsSkipped);

/// <summary>
/// brendanartley's labels (z on 128 sampled slices, y and x on 512x512 images) to stored-tomogram voxels, exactly as the
/// reference's create_external_data.ipynb cell 31 (docs/reference.md 2.5), writing <c>external_labels_v1.csv</c> (docs/reference.md 1.13)
/// in the label file's row order; rows of runs without meta are skipped and reported.
/// </summary>
public static class ExternalLabelConverter
{
    public static IReadOnlyList<string> Columns { get; } =
    [
        "motor_z", "motor_y", "motor_x", "tomo_id", "Z", "Y", "X", "ori_spacing", "ori_shape", "ori_dtype", "target_spacing", "target_shape",
        "detected_as_uint8_range", "dataset_id", .. PortalAttributes.All.Select(a => a.MetaKey),
        "ori_histogram", "ori_histogram_bins", "ori_tomo_min", "ori_tomo_max", "ori_tomo_mean", "ori_tomo_std", "old_z", "old_y", "old_x",
    ];

    /// <summary><c>np.linspace(0, n - 1, 128).astype(int)[k]</c>: numpy computes <c>k * ((n-1)/127) + 0</c> in float64 and sets
    /// the last element to n - 1 exactly.</summary>
    public static int SampledSlice(int oriZ, int k)
    {
        if (k is < 0 or > 127) throw new ArgumentOutOfRangeException(nameof(k), k, "brendanartley z must be in 0..127");
        if (k == 127) return oriZ - 1;
        var step = (oriZ - 1) / 127.0;
        return (int)(k * step + 0.0);
    }

    /// <summary>(motor_z, motor_y, motor_x) of one label, evaluated left to right in float64 as the notebook did.</summary>
    public static (double Z, double Y, double X) Convert(double z, double y, double x, int oriZ, int storedZ, int storedY, int storedX)
    {
        var oriZIndex = SampledSlice(oriZ, (int)z);
        var motorZ = (oriZIndex + 0.5) * storedZ / oriZ - 0.5;
        var motorY = (y + 0.5) / 512.0 * storedY - 0.5;
        var motorX = (x + 0.5) / 512.0 * storedX - 0.5;
        return (motorZ, motorY, motorX);
    }

    public static ExternalConversion Run(string labelsPath, string metaDir, string outPath)
    {
        var metas = MetaDirectory.ReadAll(metaDir).ToDictionary(m => m.TomoId, StringComparer.Ordinal);
        var doc = CsvDocument.Load(labelsPath);
        const string layout = "z, y, x, tomo_id, dataset_id";
        int cz = doc.Column("z", layout), cy = doc.Column("y", layout), cx = doc.Column("x", layout), cid = doc.Column("tomo_id", layout), cds = doc.Column("dataset_id", layout);
        var table = new PandasTable(Columns);
        var missing = new List<string>();
        var skipped = 0;
        foreach (var row in doc.Rows)
        {
            var id = row.Fields[cid];
            if (!metas.TryGetValue(id, out var m))
            {
                if (!missing.Contains(id)) missing.Add(id);
                skipped++;
                continue;
            }
            double z = FieldParser.Double(doc, row, cz), y = FieldParser.Double(doc, row, cy), x = FieldParser.Double(doc, row, cx);
            if (z < 0 || z >= 128)
                throw new MotorPickException($"z = {PyFormat.Float(z)} is not one of brendanartley's 128 slices (0..127)", labelsPath, row.Line, "z");
            var ori = m.Shape("ori_shape");
            var stored = m.Shape("target_shape");
            var (mz, my, mx) = Convert(z, y, x, ori[0], stored[0], stored[1], stored[2]);
            table.Add(Columns.Select(c => c switch
            {
                "motor_z" => (object?)mz,
                "motor_y" => my,
                "motor_x" => mx,
                "tomo_id" => id,
                "Z" => (long)stored[0],
                "Y" => (long)stored[1],
                "X" => (long)stored[2],
                "dataset_id" => FieldParser.Long(doc, row, cds),
                "old_z" => z,
                "old_y" => y,
                "old_x" => x,
                _ => m.Get(c),
            }).ToArray());
        }
        AtomicFile.WriteAllText(outPath, table.ToCsv());
        return new ExternalConversion(table.RowCount, missing, skipped);
    }
}
