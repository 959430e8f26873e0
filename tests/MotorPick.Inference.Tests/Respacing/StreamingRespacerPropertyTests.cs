using CsCheck;
using MotorPick.Formats.Geometry;
using MotorPick.Inference.Respacing;
using MotorPick.Tests.Properties;
using MotorPick.Volumes;
using MotorPick.Volumes.Intensity;
using MotorPick.Volumes.Resampling;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Inference.Tests.Respacing;

/// <summary>
/// Properties of <see cref="StreamingRespacer"/>: it gives the same bytes as the Volumes pipeline's torch trilinear
/// re-spacing truncated to uint8 (with or without the competition +127 fix), output shapes follow floor(n*ori/target), equal spacings pass the bytes through, and
/// outputs stay within the input's range (less one where a value a rounding below an integer truncates).
/// </summary>
public class StreamingRespacerPropertyTests
{
    private static readonly Gen<double> Spacing = Gen.OneOf<double>(Gen.OneOf(13.1, 15.6, 16.0, 16.8, 19.7, 6.5), Gen.Double[6, 32]);

    private static readonly Gen<(Volume<byte> Input, double Ori, double Target, int Threads)> Volumes =
        (from shape in Gen.Select(Gen.Int[1, 24], Gen.Int[1, 16], Gen.Int[1, 16], (z, y, x) => new VolumeShape(z, y, x))
         from constant in Gen.Bool
         from data in constant ? Gen.Byte.Select(b => Enumerable.Repeat(b, (int)shape.VoxelCount).ToArray()) : Gen.Byte.Array[(int)shape.VoxelCount]
         from ori in Spacing
         from target in Gen.OneOf(Spacing, Gen.Const(ori))
         from threads in Gen.OneOf(1, 2)
         select (Input: new Volume<byte>(shape, VoxelSize.Isotropic(ori), data), Ori: ori, Target: target, Threads: threads))
        .Where(c => Floor(c.Input.Shape.Z, c) >= 1 && Floor(c.Input.Shape.Y, c) >= 1 && Floor(c.Input.Shape.X, c) >= 1);

    private static readonly Gen<(Volume<byte> Input, double Ori, double Target, int Threads, QuantisationFix Fix)> Cases =
        Gen.Select(Volumes, Gen.OneOf(QuantisationFix.None, QuantisationFix.CompetitionPlus127),
            (v, fix) => (v.Input, v.Ori, v.Target, v.Threads, fix));

    private static int Floor(int n, (Volume<byte> Input, double Ori, double Target, int Threads) c) => (int)Math.Floor(n * (c.Ori / c.Target));

    private static int Floor(int n, (Volume<byte> Input, double Ori, double Target, int Threads, QuantisationFix Fix) c) => (int)Math.Floor(n * (c.Ori / c.Target));

    private static string Print((Volume<byte> Input, double Ori, double Target, int Threads, QuantisationFix Fix) c) =>
        $"{c.Input.Shape} {c.Ori:R} -> {c.Target:R} A, {c.Fix}, {c.Threads} threads, bytes [{string.Join(", ", c.Input.Data.Take(24))}...]";

    [Fact]
    public void Matches_the_volume_pipeline_and_the_floor_rule_and_stays_in_range()
    {
        Cases.Check(c =>
        {
            var spaced = StreamingRespacer.Respace(new InMemoryVolumeReader<byte>(c.Input), c.Ori, c.Target, c.Fix, maxDegreeOfParallelism: c.Threads);
            var s = c.Input.Shape;
            Assert.Equal(new VolumeShape(Floor(s.Z, c), Floor(s.Y, c), Floor(s.X, c)), spaced.Shape);
            Assert.Equal(c.Target, spaced.VoxelSize.X);
            var bytes = spaced.Planes.SelectMany(p => p).ToArray();
            var fixedInput = c.Input.Data.Select(b => c.Fix == QuantisationFix.None ? b : (byte)((b + 127) % 256)).ToArray();
            if (c.Ori == c.Target) Assert.Equal(fixedInput, bytes);
            var pipeline = new VolumePipeline(new InMemoryVolumeReader<byte>(c.Input), new VolumePipelineOptions
            {
                TargetVoxelSize = c.Target, Method = ResampleMethod.TorchTrilinear, LoadFix = c.Fix, MaxDegreeOfParallelism = c.Threads,
            });
            Assert.Equal(pipeline.RunToVolume<byte>().Data, bytes);
            int lo = fixedInput.Min(), hi = fixedInput.Max();
            Assert.All(bytes, b => Assert.InRange(b, Math.Max(lo - 1, 0), hi));
        }, iter: 150, stream: 1001, print: Print);
    }
}
