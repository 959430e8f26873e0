using MotorPick.Core;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Volumes.Tests.Geometry;

public class TtaNamedSetTests
{
    [Fact]
    public void All_expands_to_the_sixteen_codes_round_1_averaged_in_their_order() =>
        Assert.Equal(
            ["zyx", "zyx_x", "zyx_y", "zyx_z", "zyx_xy", "zyx_xz", "zyx_yz", "zyx_xyz",
             "zxy", "zxy_x", "zxy_y", "zxy_z", "zxy_xy", "zxy_xz", "zxy_yz", "zxy_xyz"],
            TtaCode.ParseList("all").Select(t => t.Code));

    [Fact]
    public void Ref5_expands_to_the_five_codes_of_each_round_2_model() =>
        Assert.Equal(["zyx", "zxy", "zyx_x", "zyx_y", "zyx_z"], TtaCode.ParseList("ref5").Select(t => t.Code));

    [Fact]
    public void A_set_mixes_with_codes_in_place() =>
        Assert.Equal(["zxy_xyz", "zyx", "zxy", "zyx_x", "zyx_y", "zyx_z"], TtaCode.ParseList("zxy_xyz, ref5").Select(t => t.Code));

    [Fact]
    public void An_unknown_name_lists_the_sets()
    {
        var ex = Assert.Throws<MotorPickException>(() => TtaCode.ParseList("ref6"));
        Assert.Contains("all, ref5", ex.Message);
        Assert.Equal("tta", ex.Field);
    }
}
