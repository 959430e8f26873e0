using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Resampling;

namespace MotorPick.Inference.Respacing;

/// <summary>
/// Re-spaces a tomogram (uint8 JPEG stacks; any type an <see cref="IVolumeReader"/> converts to float) to the model's spacing while streaming it (docs/reference.md 5.2: PyTorch trilinear,
/// <c>align_corners=False</c>, <c>scale_factor = ori / target</c>, then truncation to uint8), using the resampling plans of
/// MotorPick.Volumes. Source planes are read a few at a time, resampled in y/x to float, blended in z, truncated to
/// uint8 and dropped: no float copy of the volume is ever held. The quantisation fix is applied to the source bytes first.
/// </summary>
public static class StreamingRespacer
{
    /// <summary>Output planes produced per step (bounds the float planes kept in memory).</summary>
    private const int Chunk = 8;

    public static SpacedVolume Respace(IVolumeReader source, double oriSpacing, double targetSpacing, QuantisationFix fix = QuantisationFix.None,
        int maxDegreeOfParallelism = -1, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        var s = source.Shape;
        if (!s.IsPositive) throw new MotorPickException($"empty tomogram {s}", source.Source);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellation };
        var section = (int)s.SectionVoxels;

        // The reference skips F.interpolate when the spacings are equal: the bytes pass through unchanged.
        if (oriSpacing == targetSpacing)
        {
            var same = new byte[s.Z][];
            for (var z0 = 0; z0 < s.Z; z0 += Chunk)
            {
                var n = Math.Min(Chunk, s.Z - z0);
                var same32 = new float[(long)n * section];
                source.ReadSlab<float>(z0, n, same32);
                Quantisation.Apply(fix, same32);
                for (var i = 0; i < n; i++)
                {
                    same[z0 + i] = new byte[section];
                    ToBytes(same32.AsSpan(i * section, section), same[z0 + i]);
                }
                progress?.Report((z0 + n, s.Z));
            }
            return new SpacedVolume(s, same, targetSpacing);
        }

        var zPlan = AxisPlan.Create(ResampleMethod.TorchTrilinear, s.Z, oriSpacing, targetSpacing);
        var yPlan = AxisPlan.Create(ResampleMethod.TorchTrilinear, s.Y, oriSpacing, targetSpacing);
        var xPlan = AxisPlan.Create(ResampleMethod.TorchTrilinear, s.X, oriSpacing, targetSpacing);
        var outShape = new VolumeShape(zPlan.OutputSize, yPlan.OutputSize, xPlan.OutputSize);
        var outSection = (int)outShape.SectionVoxels;
        var planes = new byte[outShape.Z][];
        var cache = new Dictionary<int, float[]>();
        // Plane buffers are recycled (a large tomogram would otherwise churn gigabytes of large-object heap).
        var spare = new Stack<float[]>();
        float[] slab = [];
        using var resamplers = new ThreadLocal<PlaneResampler>(() => new PlaneResampler(yPlan, xPlan));
        using var scratch = new ThreadLocal<float[]>(() => new float[outSection]);

        for (var o0 = 0; o0 < outShape.Z; o0 += Chunk)
        {
            cancellation.ThrowIfCancellationRequested();
            var o1 = Math.Min(o0 + Chunk, outShape.Z);
            var first = zPlan.FirstInput(o0);
            var last = Enumerable.Range(o0, o1 - o0).Max(zPlan.LastInput);
            foreach (var stale in cache.Keys.Where(k => k < first).ToArray())
            {
                spare.Push(cache[stale]);
                cache.Remove(stale);
            }

            // Read and y/x-resample the source planes this chunk needs and the cache lacks (a contiguous run at the end).
            var need = Enumerable.Range(first, last - first + 1).Where(z => !cache.ContainsKey(z)).ToArray();
            if (need.Length > 0)
            {
                var start = need[0];
                var count = need[^1] - start + 1;
                if (slab.LongLength < (long)count * section) slab = new float[(long)count * section];
                var input = slab.AsSpan(0, count * section);
                source.ReadSlab<float>(start, count, input);
                Quantisation.Apply(fix, input);
                var resampled = new float[count][];
                for (var i = 0; i < count; i++) resampled[i] = spare.Count > 0 ? spare.Pop() : new float[outSection];
                var src = slab;
                Parallel.For(0, count, parallel, i => resamplers.Value!.Resample(src.AsSpan(i * section, section), resampled[i]));
                for (var i = 0; i < count; i++) cache[start + i] = resampled[i];
            }

            Parallel.For(o0, o1, parallel, o =>
            {
                var outBuf = scratch.Value!;
                ResampleKernels.Lines(outBuf, zPlan, o, k => cache[k]);
                var plane = new byte[outSection];
                ToBytes(outBuf, plane);
                planes[o] = plane;
            });
            progress?.Report((o1, outShape.Z));
        }
        return new SpacedVolume(outShape, planes, targetSpacing);
    }

    /// <summary><c>tensor.to(torch.uint8)</c> of values in [0, 255]: truncation toward zero (values outside are clamped).</summary>
    private static void ToBytes(ReadOnlySpan<float> values, Span<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)Math.Clamp((int)values[i], 0, 255);
    }
}
