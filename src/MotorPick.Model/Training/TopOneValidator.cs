using MotorPick.Labels;
using MotorPick.Labels.Metrics;
using MotorPick.Labels.Tables;
using MotorPick.Model.Augment;
using MotorPick.Model.Data;
using MotorPick.Model.Nn;
using MotorPick.Volumes;
using MotorPick.Volumes.Geometry;
using TorchSharp;
using static TorchSharp.torch;

namespace MotorPick.Model.Training;

/// <summary>
/// Validation inside training, kept cheap so it can run every few hundred steps (full predictions, with TTA and
/// aggregation, are MotorPick.Inference's, run by <c>motorpick predict</c>): non-overlapping windows over each whole
/// validation tomogram, sigmoid heatmaps stitched at the output stride (max where the flush-end window overlaps),
/// the single highest cell as the tomogram's motor with its probability as confidence, converted to original voxels
/// with <c>(k + 0.5) · stride - 0.5</c> and the spacing ratio, then scored with the competition F2 at a fixed
/// threshold and the reference's local metrics (best-threshold F2, partial AP).
/// </summary>
public sealed class TopOneValidator(IReadOnlyList<TrainTomogram> tomograms, GtTable labels, (int D, int H, int W) patch, double threshold)
{
    public IReadOnlyList<Prediction> Predict(HeatmapUNet3d model, Device device, CancellationToken ct = default)
    {
        var preds = new List<Prediction>(tomograms.Count);
        foreach (var tomo in tomograms)
        {
            ct.ThrowIfCancellationRequested();
            var (k, conf) = TopCell(model, device, tomo.Volume, patch);
            int s = model.Spec.OutputStride;
            var target = new Point3((k.Z + 0.5) * s - 0.5, (k.Y + 0.5) * s - 0.5, (k.X + 0.5) * s - 0.5);
            preds.Add(new Prediction(tomo.Id, tomo.ToOriginal(target), conf));
        }
        return preds;
    }

    public ValidationMetrics Score(long step, IReadOnlyList<Prediction> preds)
    {
        var ids = new HashSet<string>(preds.Select(p => p.TomoId), StringComparer.Ordinal);
        var table = new GtTable(labels.Rows.Where(r => ids.Contains(r.TomoId)).ToArray(), labels.Layout, labels.Source);
        var local = LocalValidation.Compute(table, preds);
        var thresholded = preds.Select(p => p.Conf >= threshold ? p : p with { Point = Point3.None }).ToArray();
        var kaggle = KaggleScore.Compute(table, thresholded);
        var dists = preds.Where(p => table[p.TomoId].Motors.Count > 0)
            .Select(p => table[p.TomoId].Motors.Min(m => m.DistanceTo(p.Point))).ToArray();
        return new ValidationMetrics(step, preds.Count, kaggle.F2, threshold, local.BestF2, local.Threshold,
            local.PartialAP, local.AP, dists.Length == 0 ? double.NaN : dists.Average());
    }

    /// <summary>The most confident heatmap cell of a whole volume and its probability.</summary>
    public static ((int Z, int Y, int X) Cell, double Conf) TopCell(HeatmapUNet3d model, Device device, Volume<byte> volume, (int D, int H, int W) patch)
    {
        int s = model.Spec.OutputStride;
        var (gd, gh, gw) = ((volume.D + s - 1) / s, (volume.H + s - 1) / s, (volume.W + s - 1) / s);
        var heat = new float[gd * gh * gw];
        Array.Fill(heat, float.NegativeInfinity);
        model.eval();
        using var _ = no_grad();
        foreach (var start in SlidingWindow.Positions((volume.D, volume.H, volume.W), patch))
        {
            using var scope = NewDisposeScope();
            var buf = PatchAugmenter.Crop(volume, start, patch);
            var x = tensor(buf, [1, 1, patch.D, patch.H, patch.W]).to(device);
            var prob = model.call(x).sigmoid().cpu();
            var p = prob.data<float>().ToArray();
            int pd = patch.D / s, ph = patch.H / s, pw = patch.W / s;
            int oz = (int)Math.Round((double)start.Z / s, MidpointRounding.ToEven);
            int oy = (int)Math.Round((double)start.Y / s, MidpointRounding.ToEven);
            int ox = (int)Math.Round((double)start.X / s, MidpointRounding.ToEven);
            for (int z = 0; z < pd; z++)
            {
                int tz = oz + z;
                if (tz < 0 || tz >= gd) continue;
                for (int y = 0; y < ph; y++)
                {
                    int ty = oy + y;
                    if (ty < 0 || ty >= gh) continue;
                    for (int xx = 0; xx < pw; xx++)
                    {
                        int tx = ox + xx;
                        if (tx < 0 || tx >= gw) continue;
                        float v = p[(z * ph + y) * pw + xx];
                        ref float cell = ref heat[(tz * gh + ty) * gw + tx];
                        if (v > cell) cell = v;
                    }
                }
            }
        }
        int best = 0;
        for (int i = 1; i < heat.Length; i++) if (heat[i] > heat[best]) best = i;
        return ((best / (gh * gw), best / gw % gh, best % gw), heat[best]);
    }
}
