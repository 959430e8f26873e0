using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Geometry;


namespace MotorPick.Inference.Models;

/// <summary>Logits of a batch: <c>Batch x 1 x Shape</c> float32 values (C order) at <see cref="Stride"/> input voxels per cell.</summary>
public sealed record HeatmapBatch(float[] Logits, int Batch, VolumeShape Shape, int Stride)
{
    /// <summary>The logits of item <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Item(int index) => Logits.AsSpan((int)(index * Shape.VoxelCount), (int)Shape.VoxelCount);
}

/// <summary>
/// A heatmap network behind any runtime (ONNX Runtime, TorchSharp). Input: <c>N x 1 x D x H x W</c> float32 patches holding
/// raw uint8 values 0..255 (the backend applies the normalisation of its <see cref="Card"/>); output: logits
/// <c>N x 1 x d x h x w</c> and the output stride. Implementations need not be thread-safe.
/// </summary>
public interface IHeatmapModel : IDisposable
{
    /// <summary>What the network expects and produces.</summary>
    ModelCard Card { get; }

    /// <summary>Runs <paramref name="batch"/> patches of <paramref name="patch"/> shape stored in <paramref name="input"/> (at least
    /// <c>batch * patch.VoxelCount</c> values).</summary>
    HeatmapBatch Forward(float[] input, int batch, VolumeShape patch);
}
