using MotorPick.Core;
using MotorPick.Inference.Aggregation;
using MotorPick.Inference.Coordinates;
using MotorPick.Inference.Decoding;
using MotorPick.Inference.Models;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Inference.Pipeline;

/// <summary>A model taking part in a prediction, its name (used in agg names) and its weight in heatmap averaging.</summary>
public sealed record PredictModel(IHeatmapModel Model, string Name, double Weight = 1.0);

/// <summary>How several models and TTAs are combined.</summary>
public enum EnsembleMode
{
    /// <summary>One heatmap: logits of every model and TTA averaged with the model weights (the reference's
    /// <c>HEATMAP_ENSEMBLE</c> of the labelling rounds). One candidate list per tomogram.</summary>
    Heatmap,

    /// <summary>One heatmap and candidate list per model and TTA ("agg" <c>&lt;model&gt;-&lt;tta&gt;</c>), for point WBF (submit_3d.py).</summary>
    None,
}

/// <summary>Settings of <see cref="TomogramPredictor"/>; the defaults are submit_3d.py's (docs/reference.md 5.2-5.8).</summary>
public sealed record PredictOptions
{
    public IReadOnlyList<TtaCode> Ttas { get; init; } = [TtaCode.Identity];

    /// <summary>Aggregation grid stride in re-spaced voxels (<c>HEATMAP_STRIDE</c>: 8 in submit_3d.py, 4 in the labelling rounds).</summary>
    public int HeatmapStride { get; init; } = 8;

    public EnsembleMode Ensemble { get; init; } = EnsembleMode.Heatmap;

    public AggregateValue Aggregate { get; init; } = AggregateValue.Logits;

    public HeatmapPrecision Precision { get; init; } = HeatmapPrecision.Half;

    /// <summary>
    /// Gaussian post-blur sigma in voxels at the model spacing (the unit of <see cref="HeatmapStride"/>), independent of
    /// the NMS distance; null = none. Round 2's <c>1000/16/4*0.1 = 1.5625</c> heatmap voxels at stride 4 is 6.25 here
    /// (100 Å at 16 Å). Excludes <see cref="BlurFraction"/>.
    /// </summary>
    public double? BlurSigmaVoxels { get; init; }

    /// <summary>
    /// Gaussian post-blur sigma as a fraction of the NMS distance (<c>NmsA / spacing / stride * f</c> heatmap voxels,
    /// the reference's formula with its 1000 Å); null = none. With the round-2 NMS distance of 333 Å it cannot give the
    /// reference's sigma: use <see cref="BlurSigmaVoxels"/>.
    /// </summary>
    public double? BlurFraction { get; init; }

    /// <summary>Decoder threshold on probabilities.</summary>
    public double ConfThreshold { get; init; } = 0.02;

    /// <summary>NMS distance in A (converted to heatmap voxels at the model spacing and the heatmap stride).</summary>
    public double NmsA { get; init; } = 1000.0;

    public int MaxDets { get; init; } = 100;

    public Fp16Coords Coords { get; init; } = Fp16Coords.Single;

    /// <summary>Windows per forward call.</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Threads for re-spacing and window preparation (-1: all cores).</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Return the probability heatmaps (for saving or review images).</summary>
    public bool KeepHeatmaps { get; init; }

    /// <summary>Decoder settings for a model spacing.</summary>
    public DecodeOptions Decode(double targetSpacing) => new()
    {
        ConfThreshold = ConfThreshold,
        NmsRadius = DecodeOptions.RadiusVoxels(NmsA, targetSpacing, HeatmapStride),
        MaxDets = MaxDets,
        ThresholdInHalf = Precision == HeatmapPrecision.Half,
    };

    /// <summary>Blur sigma in heatmap voxels (at the model spacing and <see cref="HeatmapStride"/>), or null for no blur.</summary>
    public double? BlurSigma(double targetSpacing)
    {
        if (BlurSigmaVoxels is { } v)
        {
            if (BlurFraction is not null)
                throw new MotorPickException("give the blur either as a sigma in voxels or as a fraction of the NMS distance, not both", field: "blur_sigma");
            if (!(v > 0)) throw new MotorPickException($"blur sigma must be positive voxels at the model spacing, found {v}", field: "blur_sigma");
            return v / HeatmapStride;
        }
        return BlurFraction is { } f ? NmsA / targetSpacing / HeatmapStride * f : null;
    }
}
