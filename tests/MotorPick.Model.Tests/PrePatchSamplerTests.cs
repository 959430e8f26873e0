using MotorPick.Formats.Geometry;
using MotorPick.Labels;
using MotorPick.Model.Data;
using MotorPick.Volumes;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Model.Tests;

public class PrePatchSamplerTests
{
    private static TrainTomogram Tomo(string id, params Point3[] motors) => new(id, Volume<byte>.Allocate(new VolumeShape(64, 64, 64), VoxelSize.Isotropic(16)), motors, 16, 16);

    private static readonly TrainTomogram[] Tomos =
    [
        Tomo("p1", new Point3(10, 10, 10)),
        Tomo("p2", new Point3(40, 50, 20)),
        Tomo("n1"),
        Tomo("n2"),
    ];

    [Fact]
    public void EpochHasEveryForegroundWindowUnderSixteenVariants()
    {
        var sampler = new PrePatchSampler(Tomos, (32, 32, 32), bgRatio: 0.25, bgFromPosRatio: 0.25);
        Assert.Equal(2, sampler.ForegroundWindows);
        Assert.Equal(30, sampler.BackgroundWindows);
        var epoch = sampler.Epoch(new Random(1));
        Assert.Equal(2 * 16 + 8, epoch.Count);
        Assert.Equal(40, sampler.EpochLength);
        var fg = epoch.Where(i => i.Foreground).ToList();
        Assert.Equal(32, fg.Count);
        Assert.Equal(16, fg.Where(i => i.Tomogram == 0).Select(i => i.Tta).Distinct().Count());
        Assert.Equal((0, 0, 0), fg.First(i => i.Tomogram == 0).Start);
        Assert.Equal((32, 32, 0), fg.First(i => i.Tomogram == 1).Start);
    }

    [Fact]
    public void BackgroundFromPositiveTomogramsFollowsTheRatio()
    {
        // weight of a positive-tomogram bg window = #bg_neg * r / #bg_pos, so their share is r / (1 + r)
        var sampler = new PrePatchSampler(Tomos, (32, 32, 32), bgRatio: 10, bgFromPosRatio: 0.25);
        var rng = new Random(7);
        int pos = 0, all = 0;
        for (int e = 0; e < 20; e++)
            foreach (var item in sampler.Epoch(rng).Where(i => !i.Foreground))
            {
                all++;
                if (item.Tomogram < 2) pos++;
            }
        Assert.Equal(20 * 320, all);
        Assert.InRange((double)pos / all, 0.18, 0.22);
    }

    [Fact]
    public void WindowStartsFollowTheReference()
    {
        Assert.Equal([0, 68], SlidingWindow.AxisStarts(292, 224));
        Assert.Equal([0, 448, 487], SlidingWindow.AxisStarts(935, 448));
        Assert.Equal([-74], SlidingWindow.AxisStarts(150, 224));
    }
}
