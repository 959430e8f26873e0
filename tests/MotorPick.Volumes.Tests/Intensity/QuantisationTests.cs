using MotorPick.Volumes.Intensity;

namespace MotorPick.Volumes.Tests.Intensity;

public class QuantisationTests
{
    [Fact]
    public void Id_lists_have_the_reference_sizes()
    {
        Assert.Equal(15, Quantisation.CompetitionIds.Count);
        Assert.Equal(43, Quantisation.PortalIds.Count);
        Assert.All(Quantisation.PortalIds, id => Assert.StartsWith("mba2011-02-16-", id));
        Assert.Equal(QuantisationFix.CompetitionPlus127, Quantisation.ForId("tomo_08bf73"));
        Assert.Equal(QuantisationFix.PortalInt8AsUInt8, Quantisation.ForId("mba2011-02-16-106"));
        Assert.Equal(QuantisationFix.None, Quantisation.ForId("tomo_003acc"));
    }

    [Fact]
    public void Competition_fix_adds_127_with_uint8_wrap_around()
    {
        var f = new float[] { 0, 1, 128, 129, 255 };
        Quantisation.Apply(QuantisationFix.CompetitionPlus127, f);
        Assert.Equal(new float[] { 127, 128, 255, 0, 126 }, f);
        var b = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Quantisation.Apply(QuantisationFix.CompetitionPlus127, b);
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)((i + 127) % 256)), b);
    }

    [Fact]
    public void Portal_fix_reinterprets_int8_as_uint8()
    {
        var f = new float[] { -128, -1, 0, 127, 5 };
        Quantisation.Apply(QuantisationFix.PortalInt8AsUInt8, f);
        Assert.Equal(new float[] { 128, 255, 0, 127, 5 }, f);
    }

    [Fact]
    public void Dark_ratio_is_low_over_high_sum()
    {
        var h = new long[256];
        h[0] = 30; h[49] = 30; h[50] = 40; h[255] = 20;
        Assert.Equal(1.0, Quantisation.DarkRatio(h));
        Assert.False(Quantisation.LooksWronglyQuantised(h));
        h[10]++;
        Assert.True(Quantisation.LooksWronglyQuantised(h));
    }
}
