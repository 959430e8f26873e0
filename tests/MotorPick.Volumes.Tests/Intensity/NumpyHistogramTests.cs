using MotorPick.Volumes.Intensity;

namespace MotorPick.Volumes.Tests.Intensity;

public class NumpyHistogramTests
{
    // numpy 1.24: np.histogram(v, 256, range=(v.min(), v.max())) of TestData.Floats().
    private const string Expected = "364,401,400,399,401,391,400,400,399,401,400,399,309,400,401,400,399,401,390,401,400,399,400,400,401,309,399,400,401,400,391,399,401,400,400,400,399,310,400,399,401,399,401,391,399,400,400,401,400,399,309,401,400,400,399,391,401,400,400,399,401,400,309,400,399,401,400,399,391,400,401,400,399,400,401,309,400,399,400,401,391,400,399,400,401,400,399,309,401,400,400,399,401,391,400,399,400,401,400,400,308,400,401,400,400,390,400,401,400,399,400,400,310,400,399,401,400,400,391,399,401,400,400,399,400,310,400,400,399,400,392,400,399,400,400,401,400,308,401,399,401,400,399,392,400,400,400,399,401,400,309,399,400,401,400,390,400,400,401,400,399,400,309,401,400,399,400,401,391,400,399,401,400,400,400,308,401,400,399,401,390,401,400,399,400,400,401,309,399,400,401,400,400,390,400,401,400,400,399,401,309,400,400,399,401,391,399,400,400,401,400,399,309,402,400,400,399,400,392,400,400,399,400,401,400,309,399,401,400,400,390,400,401,400,400,400,401,309,400,399,400,401,400,391,399,400,401,400,399,400,309,401,400,399,401,36";

    [Fact]
    public void Matches_numpy_bin_for_bin()
    {
        var v = TestData.Floats();
        var h = new NumpyHistogram(v.Min(), v.Max());
        h.Add(v);
        Assert.Equal(Expected.Split(',').Select(long.Parse), h.Counts);
        Assert.Equal(-12.894050598144531, h.Edges[1]);
        Assert.Equal(0.561500072479248, h.Edges[128]);
    }

    [Fact]
    public void Last_bin_is_closed_and_outside_values_are_ignored()
    {
        var h = new NumpyHistogram(0f, 255f);
        h.Add([0f, 255f, 254.9f, -1f, 256f, float.NaN]);
        Assert.Equal(1, h.Counts[0]);
        Assert.Equal(2, h.Counts[255]);
        Assert.Equal(3, h.Counts.Sum());
    }

    [Fact]
    public void An_empty_range_is_widened_by_half()
    {
        var h = new NumpyHistogram(3f, 3f, bins: 4);
        h.Add([3f, 3f]);
        Assert.Equal(new long[] { 0, 0, 2, 0 }, h.Counts);
        Assert.Equal(2.5, h.Edges[0]);
        Assert.Equal(3.5, h.Edges[4]);
    }
}
