using System.Globalization;
using System.Text;
using MotorPick.Core;
using MotorPick.Labels;
using MotorPick.Labels.Tables;
using MotorPick.Portal.Metadata;

namespace MotorPick.Rounds.Demo;

/// <summary>
/// Stands in for brendanartley_external_labels.csv in the demo's external round: the stand-in portal's motors (its
/// truth, portal_labels.csv in stored voxels) written back in that file's coordinates (z as one of 128 sampled
/// slices, y and x on a 512 x 512 grid) with the flaws of hand-made labels: some motors missing (never the first of a
/// run, so every run stays labelled) and the others off by a random error. 'labels convert-external' reads it.
/// </summary>
public static class DemoExternalLabels
{
    public const string Header = "z,y,x,tomo_id,dataset_id";

    /// <summary>Writes the file; returns the number of labels written and of motors left out.</summary>
    public static (int Written, int Dropped) Write(string truthPath, string metaDir, string outPath, double drop, double jitterA, ulong seed)
    {
        var (truth, _) = LabelTables.ReadAsGt(truthPath);
        var metas = MetaDirectory.ReadAll(metaDir).ToDictionary(m => m.TomoId, StringComparer.Ordinal);
        // System.Random with a seed is the same sequence on every .NET version and machine.
        var rng = new Random(unchecked((int)(seed * 2654435761UL % int.MaxValue)));
        var text = new StringBuilder(Header).Append('\n');
        var (written, dropped) = (0, 0);
        foreach (var row in truth.Rows.Where(r => r.NumMotors > 0).OrderBy(r => r.TomoId, StringComparer.Ordinal))
        {
            if (!metas.TryGetValue(row.TomoId, out var meta))
                throw new MotorPickException($"no meta record for run '{row.TomoId}' in {metaDir}", truthPath, field: "tomo_id");
            var (ori, stored) = (meta.Shape("ori_shape"), meta.Shape("target_shape"));
            for (var k = 0; k < row.Motors.Count; k++)
            {
                var u = rng.NextDouble();
                var (jz, jy, jx) = (Normal(rng), Normal(rng), Normal(rng));
                if (k > 0 && u < drop)
                {
                    dropped++;
                    continue;
                }
                var s = jitterA / row.VoxelSpacing;
                var p = new Point3(Clamp(row.Motors[k].Z + s * jz, stored[0]), Clamp(row.Motors[k].Y + s * jy, stored[1]), Clamp(row.Motors[k].X + s * jx, stored[2]));
                text.Append(Row(row.TomoId, p, ori, stored)).Append('\n');
                written++;
            }
        }
        AtomicFile.WriteAllText(outPath, text.ToString());
        return (written, dropped);
    }

    /// <summary>One label in brendanartley's coordinates (the inverse of <see cref="ExternalLabelConverter.Convert"/>).</summary>
    private static string Row(string id, Point3 stored, int[] ori, int[] st)
    {
        var oriZ = (stored.Z + 0.5) * ori[0] / st[0] - 0.5;
        var k = Enumerable.Range(0, 128).MinBy(k => Math.Abs(ExternalLabelConverter.SampledSlice(ori[0], k) - oriZ));
        return string.Create(CultureInfo.InvariantCulture,
            $"{k}.0,{(stored.Y + 0.5) / st[1] * 512 - 0.5:R},{(stored.X + 0.5) / st[2] * 512 - 0.5:R},{id},10001");
    }

    private static double Clamp(double v, int n) => Math.Clamp(v, 0, n - 1);

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
