using CsCheck;
using MotorPick.Formats.Geometry;
using MotorPick.Tests.Properties;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Volumes.Tests.Geometry;

/// <summary>Properties of <see cref="TtaCode"/>: each of the 16 transforms is a permutation of the voxels that
/// <see cref="TtaCode.Invert{T}"/> undoes exactly, on any shape.</summary>
public class TtaCodePropertyTests
{
    private static readonly Gen<VolumeShape> Shape = Gen.Select(Gen.Int[1, 7], Gen.Int[1, 7], Gen.Int[1, 7], (z, y, x) => new VolumeShape(z, y, x));

    private static readonly Gen<(TtaCode Code, VolumeShape Shape, int[] Data)> Cases =
        from code in Gen.OneOf(TtaCode.AllCodes.ToArray()).Select(TtaCode.Parse)
        from shape in Shape
        from data in Gen.Int.Array[(int)shape.VoxelCount]
        select (code, shape, data);

    private static string Print((TtaCode Code, VolumeShape Shape, int[] Data) t) => $"{t.Code} on {t.Shape}";

    [Fact]
    public void Inverting_a_transform_gives_back_the_input_for_all_16_codes()
    {
        Cases.Check(t =>
        {
            var (code, shape, data) = t;
            var transformedShape = code.TransformedShape(shape);
            Assert.Equal(shape.VoxelCount, transformedShape.VoxelCount);
            Assert.Equal(shape, code.InvertedShape(transformedShape));
            var transformed = new int[data.Length];
            code.Apply<int>(data, shape, transformed);
            var back = new int[data.Length];
            code.Invert<int>(transformed, transformedShape, back);
            Assert.Equal(data, back);
        }, iter: 300, stream: 701, print: Print);
    }

    [Fact]
    public void Transforming_an_inverted_heatmap_gives_it_back()
    {
        Cases.Check(t =>
        {
            // Read the data as a heatmap in the transformed frame (any shape is some input's transformed shape).
            var (code, heatShape, heat) = t;
            var original = new int[heat.Length];
            code.Invert<int>(heat, heatShape, original);
            var again = new int[heat.Length];
            code.Apply<int>(original, code.InvertedShape(heatShape), again);
            Assert.Equal(heat, again);
        }, iter: 200, stream: 702, print: Print);
    }

    [Fact]
    public void A_transform_moves_voxels_without_changing_them_and_the_parallel_overload_agrees()
    {
        Cases.Check(t =>
        {
            var (code, shape, data) = t;
            var a = new int[data.Length];
            code.Apply<int>(data, shape, a);
            var b = new int[data.Length];
            code.Apply(data, shape, b, new ParallelOptions { MaxDegreeOfParallelism = 2 });
            Assert.Equal(a, b);
            Assert.Equal(data.Order(), a.Order());
            if (code.IsIdentity) Assert.Equal(data, a);
        }, iter: 200, stream: 703, print: Print);
    }

    [Fact]
    public void Every_code_parses_to_itself()
    {
        Gen.OneOf(TtaCode.AllCodes.ToArray()).Check(c =>
        {
            var code = TtaCode.Parse(c);
            Assert.Equal(c, code.ToString());
            Assert.Equal(c == "zyx", code.IsIdentity);
            Assert.Equal(c.StartsWith("zxy", StringComparison.Ordinal), code.Rotate);
        }, iter: 32, stream: 704);
    }
}
