using MotorPick.Core;
using MotorPick.Formats.Access;
using MotorPick.Formats.Geometry;
using MotorPick.Formats.Voxels;
using MotorPick.Volumes.Resampling;
using MotorPick.Volumes.Streaming;

namespace MotorPick.Volumes.Tests.Resampling;

public class AxisPlanTests
{
    // docs/reference.md 9.15.
    [Fact]
    public void Inference_shape_of_a_15_6_A_tomogram()
    {
        Assert.Equal(292, AxisPlan.OutputLength(ResampleMethod.TorchTrilinear, 300, 15.6, 16));
        Assert.Equal(935, AxisPlan.OutputLength(ResampleMethod.TorchTrilinear, 959, 15.6, 16));
        Assert.Equal(904, AxisPlan.OutputLength(ResampleMethod.TorchTrilinear, 928, 15.6, 16));
    }

    [Fact]
    public void Monai_training_shape_of_a_15_6_A_tomogram()
    {
        Assert.Equal(293, AxisPlan.OutputLength(ResampleMethod.MonaiSpacing, 300, 15.6, 16));
        Assert.Equal(935, AxisPlan.OutputLength(ResampleMethod.MonaiSpacing, 959, 15.6, 16));
        Assert.Equal(905, AxisPlan.OutputLength(ResampleMethod.MonaiSpacing, 928, 15.6, 16));
    }

    [Fact]
    public void A_13_1_A_tomogram_of_300_sections_gives_245()
    {
        Assert.Equal(245, AxisPlan.OutputLength(ResampleMethod.TorchTrilinear, 300, 13.1, 16));
    }

    [Fact]
    public void Pipeline_reports_the_output_shape_without_reading()
    {
        var volume = new Volume<byte>(new VolumeShape(1, 1, 1), VoxelSize.Unknown, [0]);
        var reader = new FakeShapeReader(new VolumeShape(300, 959, 928), VoxelSize.Isotropic(15.6));
        Assert.Equal(new VolumeShape(292, 935, 904), new VolumePipeline(reader, new VolumePipelineOptions { TargetVoxelSize = 16 }).OutputShape);
        Assert.Equal(new VolumeShape(293, 935, 905),
            new VolumePipeline(reader, new VolumePipelineOptions { TargetVoxelSize = 16, Method = ResampleMethod.MonaiSpacing }).OutputShape);
        Assert.NotNull(volume);
    }

    [Fact]
    public void Torch_copies_an_axis_whose_size_does_not_change()
    {
        var plan = AxisPlan.Create(ResampleMethod.TorchTrilinear, 9, 16.8, 16); // floor(9*1.05) = 9
        Assert.True(plan.IsIdentity);
    }

    [Fact]
    public void Torch_source_index_rule()
    {
        // scale 15.6/16: ratio = float32(1/(15.6/16)); src = ratio*(i+0.5)-0.5 in double, lambda stored as float32.
        var plan = AxisPlan.Create(ResampleMethod.TorchTrilinear, 300, 15.6, 16);
        var ratio = (double)(float)(1.0 / (15.6 / 16));
        var src = ratio * 10.5 - 0.5;
        Assert.Equal((int)src, plan.Index[20]);
        Assert.Equal((float)(src - (int)src), plan.Weight[21]);
        Assert.Equal(1f - (float)(src - (int)src), plan.Weight[20]);
        // The last output clamps its upper tap to n-1.
        Assert.Equal(299, plan.Index[2 * 291 + 1]);
    }

    [Fact]
    public void Upsampling_clamps_negative_sources_to_zero()
    {
        var plan = AxisPlan.Create(ResampleMethod.TorchTrilinear, 4, 20, 10); // 8 outputs, src(0) = -0.25 -> 0
        Assert.Equal(8, plan.OutputSize);
        Assert.Equal(0, plan.Index[0]);
        Assert.Equal(1f, plan.Weight[0]);
        Assert.Equal(0f, plan.Weight[1]);
    }

    [Fact]
    public void Monai_rule_is_corner_aligned_with_zero_padding()
    {
        var plan = AxisPlan.Create(ResampleMethod.MonaiSpacing, 5, 10, 11); // m = round(4*10/11+1) = 5, src = i*1.1
        Assert.Equal(5, plan.OutputSize);
        Assert.Equal(0, plan.Index[0]);
        Assert.Equal(1f, plan.Weight[0]);
        // i = 4: src = 4.4 > n-1 = 4: the upper tap is outside (zero), the lower keeps weight 0.6.
        Assert.Equal(4, plan.Index[8]);
        Assert.Equal(1f - (float)(4 * 1.1 - 4), plan.Weight[8]);
        Assert.Equal(0f, plan.Weight[9]);
    }

    [Fact]
    public void Area_averages_adaptive_pool_windows()
    {
        var input = new float[] { 1, 2, 3, 4, 5, 6, 7 };
        var plan = AxisPlan.Create(ResampleMethod.Area, 7, 1, 2); // m = 3: windows [0,3) [2,5) [4,7)
        var output = new float[3];
        ResampleKernels.Line(input, output, plan);
        Assert.Equal(new[] { 2f, 4f, 6f }, output);
    }

    [Theory]
    [InlineData(928, 15.6, 16.0)]  // a zoom near 1: most blocks of eight taps are consecutive samples
    [InlineData(960, 13.1, 16.0)]
    [InlineData(300, 16.0, 13.1)]  // upsampling: repeated samples
    [InlineData(500, 6.5, 16.0)]   // strong downsampling: every block gathered
    [InlineData(13, 15.6, 16.0)]   // shorter than one block
    public void The_vector_two_tap_line_equals_the_per_output_formula(int n, double from, double to)
    {
        var plan = AxisPlan.Create(ResampleMethod.TorchTrilinear, n, from, to);
        Assert.True(plan.IsTwoTap);
        var rng = new Random(n);
        var input = Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 255)).ToArray();
        var output = new float[plan.OutputSize];
        ResampleKernels.Line(input, output, plan);
        for (var o = 0; o < plan.OutputSize; o++)
            Assert.Equal(MathF.FusedMultiplyAdd(plan.Weight0![o], input[plan.Index0![o]], plan.Weight1![o] * input[plan.Index1![o]]), output[o]);
    }

    [Theory]
    [InlineData(928, 15.6, 16.0)]
    [InlineData(960, 13.1, 16.0)]
    [InlineData(300, 16.0, 13.1)]
    [InlineData(500, 6.5, 16.0)]
    [InlineData(13, 15.6, 16.0)]
    [InlineData(64, 16.0, 16.0)]  // identity
    public void The_uint8_line_equals_the_float_line_on_the_same_values(int n, double from, double to)
    {
        var plan = AxisPlan.Create(ResampleMethod.TorchTrilinear, n, from, to);
        var bytes = new byte[n];
        new Random(n).NextBytes(bytes);
        var floats = new float[plan.OutputSize];
        var fromBytes = new float[plan.OutputSize];
        ResampleKernels.Line(bytes.Select(b => (float)b).ToArray(), floats, plan);
        ResampleKernels.Line(bytes, fromBytes, plan, new float[n]);
        Assert.Equal(floats, fromBytes);
    }

    [Fact]
    public void Too_coarse_a_target_is_a_clear_error()
    {
        Assert.Throws<MotorPickException>(() => AxisPlan.Create(ResampleMethod.TorchTrilinear, 2, 1, 16));
        Assert.Throws<MotorPickException>(() => AxisPlan.Create(ResampleMethod.TorchTrilinear, 2, -1, 16));
    }

    private sealed class FakeShapeReader(VolumeShape shape, VoxelSize size) : IVolumeReader
    {
        public string Source => "fake";
        public VolumeShape Shape => shape;
        public VoxelType VoxelType => VoxelType.UInt8;
        public VoxelSize VoxelSize => size;
        public void ReadSlab<T>(int z0, int zCount, Span<T> destination) where T : unmanaged => throw new InvalidOperationException("no reads");
        public void Dispose() { }
    }
}
