using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Inference.Aggregation;

/// <summary>What is averaged over overlapping patches, models and TTAs.</summary>
public enum AggregateValue
{
    /// <summary>Logits are averaged and the sigmoid comes last (the reference's <c>HEATMAP_AGG_LOGITS = True</c>).</summary>
    Logits,

    /// <summary>The sigmoid is applied per patch and probabilities are averaged.</summary>
    Probabilities,
}

/// <summary>
/// One tomogram heatmap being built from patch heatmaps (docs/reference.md 5.6, mode "avg"): each patch heatmap is resized to
/// the grid's patch size when needed, then <c>sum[dst] += hm[src] * weight; count[dst] += weight</c>; <see cref="Finish"/>
/// returns <c>sigmoid(sum / count)</c> (or <c>sum / count</c> of probabilities). Buffers live at the heatmap stride.
/// </summary>
public sealed class HeatmapAccumulator
{
    private readonly float[] _sum;
    private readonly float[] _count;

    public HeatmapAccumulator(HeatmapGrid grid, AggregateValue value = AggregateValue.Logits, HeatmapPrecision precision = HeatmapPrecision.Half)
    {
        Grid = grid;
        Value = value;
        Precision = precision;
        _sum = new float[grid.Shape.VoxelCount];
        _count = new float[grid.Shape.VoxelCount];
    }

    public HeatmapGrid Grid { get; }
    public AggregateValue Value { get; }
    public HeatmapPrecision Precision { get; }

    /// <summary>Patches added so far.</summary>
    public int Patches { get; private set; }

    /// <summary>
    /// Adds the heatmap of <paramref name="window"/> (logits, already TTA-inverted, shape <paramref name="shape"/>).
    /// NaN logits count as float32's lowest value (the reference's <c>nan_to_num</c>); NaN probabilities as 0.
    /// </summary>
    public void Add(ReadOnlySpan<float> heatmap, VolumeShape shape, PatchWindow window, float weight)
    {
        if (heatmap.Length != shape.VoxelCount) throw new ArgumentException($"heatmap of shape {shape} needs {shape.VoxelCount} values, got {heatmap.Length}");
        var half = Precision == HeatmapPrecision.Half;
        var values = heatmap.ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (Value == AggregateValue.Probabilities) v = float.IsNaN(v) ? 0f : Sigmoid(v);
            else if (float.IsNaN(v)) v = float.MinValue;
            values[i] = half ? Fp16.Round(v) : v;
        }
        var p = Grid.PatchHeatmap;
        if (shape != p) values = TrilinearResize.Resize(values, shape, p);
        var at = Grid.Place(window);
        var a = Grid.Shape;
        for (int sz = at.SrcZ.Start, dz = at.DstZ.Start; sz < at.SrcZ.End; sz++, dz++)
            for (int sy = at.SrcY.Start, dy = at.DstY.Start; sy < at.SrcY.End; sy++, dy++)
            {
                var src = values.AsSpan((sz * p.Y + sy) * p.X + at.SrcX.Start, at.SrcX.End - at.SrcX.Start);
                var offset = (dz * a.Y + dy) * a.X + at.DstX.Start;
                var sum = _sum.AsSpan(offset, src.Length);
                var count = _count.AsSpan(offset, src.Length);
                for (var k = 0; k < src.Length; k++)
                {
                    // In-place fp16 add of an fp32 operand: computed in fp32, rounded once into the fp16 buffer.
                    var s = sum[k] + src[k] * weight;
                    var c = count[k] + weight;
                    sum[k] = half ? Fp16.Round(s) : s;
                    count[k] = half ? Fp16.Round(c) : c;
                }
            }
        Patches++;
    }

    /// <summary>The averaged heatmap as probabilities, shape <see cref="HeatmapGrid.Shape"/>.</summary>
    public float[] Finish()
    {
        var half = Precision == HeatmapPrecision.Half;
        var result = new float[_sum.Length];
        for (var i = 0; i < result.Length; i++)
        {
            if (_count[i] == 0)
                throw new MotorPickException($"heatmap cell {i} of {Grid.Shape} was covered by no window (the windows must cover the tomogram)");
            var mean = _sum[i] / _count[i];
            if (half) mean = Fp16.Round(mean);
            if (Value == AggregateValue.Logits)
            {
                mean = Sigmoid(mean);
                if (half) mean = Fp16.Round(mean);
            }
            result[i] = mean;
        }
        return result;
    }

    /// <summary>The logistic function in float32 (<c>1 / (1 + exp(-x))</c>).</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
