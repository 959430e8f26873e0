using CsCheck;
using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Tests.Properties;
using MotorPick.Volumes.Resampling;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Volumes.Tests.Resampling;

/// <summary>
/// Properties of re-spacing (<see cref="AxisPlan"/> through <see cref="VolumePipeline"/>): output shapes follow the
/// reference's rules (floor(n*ori/target) for torch and area, round_half_even((n-1)*ori/target+1) for MONAI), constant
/// volumes stay constant, every output lies within the input's range (MONAI's zero padding adds 0 to it), and the
/// result does not depend on the slab size or thread count.
/// </summary>
public class ResamplingPropertyTests
{
    /// <summary>A re-spacing case: small shapes, any spacings whose output keeps at least one voxel per axis.</summary>
    private sealed record Case(VolumeShape Shape, VoxelSize Ori, double Target, ResampleMethod Method, bool OnlyDownsample, long Slab, int Threads)
    {
        public VolumePipelineOptions Options(long? slab = null, int? threads = null) => new()
        {
            TargetVoxelSize = Target,
            Method = Method,
            OnlyDownsample = OnlyDownsample,
            SlabVoxels = slab ?? Slab,
            MaxDegreeOfParallelism = threads ?? Threads,
        };

        public double T(double ori) => OnlyDownsample ? Math.Max(ori, Target) : Target;

        /// <summary>The reference's output length, computed here from the rule rather than by <see cref="AxisPlan"/>.</summary>
        public int Expected(int n, double ori) => Method == ResampleMethod.MonaiSpacing
            ? (int)Math.Round((n - 1) * ori / T(ori) + 1, MidpointRounding.ToEven)
            : (int)Math.Floor(n * (ori / T(ori)));

        public VolumeShape ExpectedShape => new(Expected(Shape.Z, Ori.Z), Expected(Shape.Y, Ori.Y), Expected(Shape.X, Ori.X));
    }

    private static readonly Gen<double> Spacing = Gen.OneOf<double>(Gen.OneOf(13.1, 15.6, 16.0, 16.8, 19.7, 6.5, 32.0), Gen.Double[4, 40]);

    private static readonly Gen<Case> Cases =
        (from shape in Gen.Select(Gen.Int[1, 20], Gen.Int[1, 20], Gen.Int[1, 20], (z, y, x) => new VolumeShape(z, y, x))
         from iso in Gen.Bool
         from ori in Gen.Select(Spacing, Spacing, Spacing, (z, y, x) => iso ? VoxelSize.Isotropic(z) : new VoxelSize(z, y, x))
         from target in Spacing
         from method in Gen.Enum<ResampleMethod>()
         from down in Gen.Bool
         from slab in Gen.OneOf(Gen.Long[1, 2000], Gen.Const(4L << 20))
         from threads in Gen.OneOf(1, 2, -1)
         select new Case(shape, ori, target, method, down, slab, threads))
        .Where(c => c.ExpectedShape is { Z: >= 1, Y: >= 1, X: >= 1 });

    private static Gen<Volume<float>> Values(VolumeShape shape) =>
        Gen.OneOf<float[]>(
            Gen.Float[-1000, 1000].Array[(int)shape.VoxelCount],
            Gen.Int[0, 255].Select(v => (float)v).Array[(int)shape.VoxelCount])
        .Select(d => new Volume<float>(shape, VoxelSize.Unknown, d));

    private static readonly Gen<(Case Case, Volume<float> Input)> CasesWithData =
        from c in Cases
        from v in Values(c.Shape)
        select (c, v.WithVoxelSize(c.Ori));

    private static Volume<T> Run<T>(Volume<float> input, VolumePipelineOptions options) where T : unmanaged =>
        new VolumePipeline(new InMemoryVolumeReader<float>(input), options).RunToVolume<T>();

    private static string Print((Case Case, Volume<float> Input) t) => $"{t.Case} values [{string.Join(", ", t.Input.Data.Take(20))}{(t.Input.Data.Length > 20 ? ", ..." : "")}]";

    /// <summary>A few float32 ulps of <paramref name="scale"/>: the three separable passes each round once.</summary>
    private static float Tolerance(float scale) => 4 * MathF.BitIncrement(Math.Max(Math.Abs(scale), 1f)) - 4 * Math.Max(Math.Abs(scale), 1f);

    [Fact]
    public void Output_shape_follows_the_reference_rule_of_each_method()
    {
        Cases.Check(c =>
        {
            var reader = new InMemoryVolumeReader<float>(new Volume<float>(c.Shape, c.Ori, new float[c.Shape.VoxelCount]));
            var pipeline = new VolumePipeline(reader, c.Options());
            Assert.Equal(c.ExpectedShape, pipeline.OutputShape);
            Assert.Equal(new VoxelSize(c.T(c.Ori.Z), c.T(c.Ori.Y), c.T(c.Ori.X)), pipeline.OutputVoxelSize);
            if (c.OnlyDownsample && c.Method != ResampleMethod.MonaiSpacing)
                Assert.True(pipeline.OutputShape.Z <= c.Shape.Z && pipeline.OutputShape.Y <= c.Shape.Y && pipeline.OutputShape.X <= c.Shape.X);
        }, iter: 300, stream: 601);
    }

    [Fact]
    public void A_spacing_that_leaves_no_voxel_is_refused()
    {
        Gen.Select(Gen.Int[1, 5], Gen.Double[5, 20]).Check(t =>
        {
            var (n, ori) = t;
            var target = ori * (n + 1); // floor(n * ori / target) = 0
            Assert.Throws<MotorPickException>(() => AxisPlan.Create(ResampleMethod.TorchTrilinear, n, ori, target));
        }, iter: 50, stream: 602);
    }

    [Fact]
    public void Interpolation_weights_are_non_negative_read_valid_voxels_and_sum_to_one()
    {
        Cases.Check(c =>
        {
            var n = c.Shape.Z;
            var plan = AxisPlan.Create(c.Method, n, c.Ori.Z, c.T(c.Ori.Z));
            for (var o = 0; o < plan.OutputSize; o++)
            {
                var sum = 0.0;
                for (var k = plan.TapStart[o]; k < plan.TapStart[o + 1]; k++)
                {
                    Assert.InRange(plan.Index[k], 0, n - 1);
                    Assert.True(plan.Weight[k] >= 0, $"weight {plan.Weight[k]} of output {o}");
                    sum += plan.Weight[k];
                }
                // MONAI pads with zeros past the last voxel, so its weights may sum to less there.
                if (c.Method == ResampleMethod.MonaiSpacing) Assert.InRange(sum, 0, 1 + 1e-6);
                else Assert.InRange(sum, 1 - 1e-6, 1 + 1e-6);
            }
        }, iter: 300, stream: 603);
    }

    [Fact]
    public void A_constant_volume_stays_constant()
    {
        Gen.Select(Cases.Where(c => c.Method != ResampleMethod.MonaiSpacing), Gen.OneOf<float>(Gen.Float[-1000, 1000], Gen.Int[0, 255].Select(i => (float)i))).Check(t =>
        {
            var (c, value) = t;
            var input = new Volume<float>(c.Shape, c.Ori, Enumerable.Repeat(value, (int)c.Shape.VoxelCount).ToArray());
            var output = Run<float>(input, c.Options());
            var tol = Tolerance(value);
            Assert.All(output.Data, v => Assert.InRange(v, value - tol, value + tol));
        }, iter: 120, stream: 604);
    }

    // Torch's float32 weights of a voxel (lambda0 = 1 - lambda1, rounded) need not sum to exactly 1, so a constant c can
    // come out as c minus an ulp and truncate to c - 1, as it did in the reference (the fixture tests pin torch's bytes).
    [Fact]
    public void A_uint8_source_read_as_bytes_gives_what_it_gives_read_as_float32()
    {
        Gen.Select(Cases, Gen.Int[0, int.MaxValue]).Check(t =>
        {
            var (c, seed) = t;
            var rng = new Random(seed);
            var bytes = new byte[c.Shape.VoxelCount];
            rng.NextBytes(bytes);
            var input = new Volume<byte>(c.Shape, c.Ori, bytes);
            VolumePipeline Pipeline(bool floats) => new(new InMemoryVolumeReader<byte>(input), c.Options()) { ForceFloatInput = floats };
            Assert.Equal(Pipeline(floats: true).RunToVolume<float>().Data, Pipeline(floats: false).RunToVolume<float>().Data);
            Assert.Equal(Pipeline(floats: true).RunToVolume<byte>().Data, Pipeline(floats: false).RunToVolume<byte>().Data);
        }, iter: 100, stream: 609);
    }

    [Fact]
    public void A_constant_uint8_volume_stays_constant_up_to_the_truncation_of_one_rounding()
    {
        Gen.Select(Cases.Where(c => c.Method != ResampleMethod.MonaiSpacing), Gen.Byte).Check(t =>
        {
            var (c, value) = t;
            var input = new Volume<byte>(c.Shape, c.Ori, Enumerable.Repeat(value, (int)c.Shape.VoxelCount).ToArray());
            var output = new VolumePipeline(new InMemoryVolumeReader<byte>(input), c.Options()).RunToVolume<byte>();
            Assert.All(output.Data, v => Assert.InRange(v, Math.Max(value - 1, 0), value));
        }, iter: 100, stream: 608);
    }

    [Fact]
    public void Every_output_value_lies_within_the_input_range()
    {
        CasesWithData.Check(t =>
        {
            var (c, input) = t;
            var output = Run<float>(input, c.Options());
            float lo = input.Data.Min(), hi = input.Data.Max();
            // MONAI's zero padding brings 0 into the range at the far edge.
            if (c.Method == ResampleMethod.MonaiSpacing) (lo, hi) = (Math.Min(lo, 0), Math.Max(hi, 0));
            var tol = Tolerance(Math.Max(Math.Abs(lo), Math.Abs(hi)));
            Assert.All(output.Data, v => Assert.InRange(v, lo - tol, hi + tol));
        }, iter: 120, stream: 605, print: Print);
    }

    [Fact]
    public void The_result_does_not_depend_on_slab_size_or_threads()
    {
        CasesWithData.Check(t =>
        {
            var (c, input) = t;
            var reference = Run<float>(input, c.Options(slab: 4L << 20, threads: 1));
            Assert.Equal(reference.Data, Run<float>(input, c.Options()).Data);
            Assert.Equal(Run<byte>(input, c.Options(slab: 4L << 20, threads: 1)).Data, Run<byte>(input, c.Options()).Data);
        }, iter: 60, stream: 606, print: Print);
    }

    [Fact]
    public void Equal_spacings_copy_the_volume()
    {
        CasesWithData.Check(t =>
        {
            var (c, input) = t;
            var same = input.WithVoxelSize(VoxelSize.Isotropic(c.Target));
            var output = Run<float>(same, c.Options() with { Method = ResampleMethod.TorchTrilinear });
            Assert.Equal(input.Data, output.Data);
        }, iter: 50, stream: 607, print: Print);
    }
}
