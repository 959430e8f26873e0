using MotorPick.Formats.Geometry;
using MotorPick.Inference.Models;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Inference.Tests.Pipeline;

/// <summary>A stand-in network: logits = (mean of each stride^3 block - 128) / 8. Equivariant to every TTA when the patch divides by the stride.</summary>
internal sealed class PoolingModel(int stride, VolumeShape patch, double spacing = 16) : IHeatmapModel
{
    public ModelCard Card { get; } = new() { Name = "pool", Stride = stride, TargetSpacing = spacing, PatchSize = [patch.Z, patch.Y, patch.X] };

    public int Calls { get; private set; }

    public HeatmapBatch Forward(float[] input, int batch, VolumeShape p)
    {
        Calls++;
        var o = new VolumeShape(p.Z / stride, p.Y / stride, p.X / stride);
        var logits = new float[batch * o.VoxelCount];
        for (var n = 0; n < batch; n++)
            for (var z = 0; z < o.Z; z++)
                for (var y = 0; y < o.Y; y++)
                    for (var x = 0; x < o.X; x++)
                    {
                        var sum = 0.0;
                        for (var a = 0; a < stride; a++)
                            for (var b = 0; b < stride; b++)
                                for (var c = 0; c < stride; c++)
                                    sum += input[n * p.VoxelCount + ((z * stride + a) * p.Y + y * stride + b) * p.X + x * stride + c];
                        logits[n * o.VoxelCount + (z * o.Y + y) * o.X + x] = (float)((sum / (stride * stride * stride) - 128) / 8);
                    }
        return new HeatmapBatch(logits, batch, o, stride);
    }

    public void Dispose() { }
}
