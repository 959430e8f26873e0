using MotorPick.Formats.Geometry;
using MotorPick.Labels.Tables;

namespace MotorPick.Inference.Pipeline;

/// <summary>A tomogram heatmap (probabilities at the heatmap stride) of one agg.</summary>
public sealed record AggHeatmap(string Name, VolumeShape Shape, float[] Probabilities);

/// <summary>The result for one tomogram: per agg name its candidates in original voxels (conf descending, or one -1 row
/// with conf 0.0), optionally the heatmaps, and timings.</summary>
public sealed record TomogramPrediction(
    string TomoId,
    VolumeShape OriginalShape,
    VolumeShape SpacedShape,
    double OriSpacing,
    IReadOnlyDictionary<string, IReadOnlyList<Prediction>> Candidates,
    IReadOnlyList<AggHeatmap> Heatmaps,
    PredictTimings Timings);
