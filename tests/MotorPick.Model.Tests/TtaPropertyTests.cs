using CsCheck;
using MotorPick.Formats.Geometry;
using MotorPick.Model.Data;
using MotorPick.Model.Targets;
using MotorPick.Tests.Properties;
using MotorPick.Volumes;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Model.Tests;

/// <summary>Properties of the training <see cref="TtaCode"/>: on any shape, each of the 16 codes is undone by
/// <see cref="TtaGrids.Invert{T}"/>, and a keypoint follows its voxel (the array and point mappings agree).</summary>
public class TtaPropertyTests
{
    private static readonly Gen<(TtaCode Tta, Volume<int> Grid)> Cases =
        from code in Gen.OneOf(TtaCode.AllCodes.ToArray()).Select(TtaCode.Parse)
        from shape in Gen.Select(Gen.Int[1, 7], Gen.Int[1, 7], Gen.Int[1, 7])
        from data in Gen.Int.Array[shape.Item1 * shape.Item2 * shape.Item3]
        select (code, new Volume<int>(new VolumeShape(shape.Item1, shape.Item2, shape.Item3), VoxelSize.Unknown, data));

    private static string Print((TtaCode Tta, Volume<int> Grid) t) => $"{t.Tta} on {t.Grid.Shape}";

    [Fact]
    public void Inverting_a_transform_gives_back_the_input_for_all_16_codes()
    {
        Cases.Check(t =>
        {
            var (tta, grid) = t;
            var applied = tta.Apply(grid);
            Assert.Equal(tta.OutputShape(grid.D, grid.H, grid.W), applied.Shape);
            var back = tta.Invert(applied);
            Assert.Equal(grid.Shape, back.Shape);
            Assert.Equal(grid.Data, back.Data);
        }, iter: 200, stream: 1201, print: Print);
    }

    [Fact]
    public void Every_voxel_lands_where_the_point_mapping_sends_its_centre()
    {
        Gen.Select(Cases, Gen.Double[-0.5, 0.5].Array[3]).Check(c =>
        {
            var ((tta, grid), offset) = c;
            var applied = tta.Apply(grid);
            for (var z = 0; z < grid.D; z++)
                for (var y = 0; y < grid.H; y++)
                    for (var x = 0; x < grid.W; x++)
                    {
                        var kp = tta.Apply(new Keypoint(z, y, x, 1), grid.D, grid.H, grid.W);
                        Assert.Equal(grid[z, y, x], applied[(int)kp.Z, (int)kp.Y, (int)kp.X]);
                    }
            // A point off the voxel centre moves by the same offset up to signs and the axis swap: distances are kept.
            var p = new Keypoint(grid.D / 2 + offset[0], grid.H / 2 + offset[1], grid.W / 2 + offset[2], 1);
            var q = tta.Apply(p, grid.D, grid.H, grid.W);
            var centre = tta.Apply(new Keypoint(grid.D / 2, grid.H / 2, grid.W / 2, 1), grid.D, grid.H, grid.W);
            static double Norm(double a, double b, double c) => Math.Sqrt(a * a + b * b + c * c);
            Assert.True(Math.Abs(Norm(offset[0], offset[1], offset[2]) - Norm(q.Z - centre.Z, q.Y - centre.Y, q.X - centre.X)) <= 1e-9);
        }, iter: 150, stream: 1202, print: c => Print(c.Item1));
    }
}
