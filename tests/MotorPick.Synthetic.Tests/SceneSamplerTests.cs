using System.Text.Json;
using MotorPick.Synthetic.Geometry;
using MotorPick.Synthetic.Output;
using MotorPick.Synthetic.Rendering;
using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic.Tests;

public class SceneSamplerTests
{
    [Fact]
    public void SameSeedAndIndexGiveTheSameScene()
    {
        var o = SynthPresets.Get("demo") with { Seed = 3 };
        var a = JsonSerializer.Serialize(TomogramGenerator.Sample(o, 5), SynthJson.Options);
        var b = JsonSerializer.Serialize(TomogramGenerator.Sample(o, 5), SynthJson.Options);
        Assert.Equal(a, b);
        // Tomogram i does not depend on how many tomograms are generated.
        var all = TomogramGenerator.SampleAll(o with { Count = 8 });
        Assert.Equal(a, JsonSerializer.Serialize(all[5], SynthJson.Options));
    }

    [Fact]
    public void MotorsLieOnTheInnerMembraneInsideTheVolume()
    {
        var o = SynthPresets.Get("demo") with { Seed = 11, Count = 40 };
        var motors = 0;
        foreach (var spec in TomogramGenerator.SampleAll(o))
        {
            foreach (var m in spec.Motors)
            {
                motors++;
                var cell = new CellGeometry(spec.Cells[m.CellIndex]);
                Assert.Equal(spec.Cells[m.CellIndex].InnerMembraneOffsetA, cell.Distance(m.MembranePoint), 1.0);
                Assert.Equal(1.0, m.Normal.Length, 1e-9);
                // The normal points out of the cell, along the membrane normal.
                Assert.True(cell.Gradient(m.MembranePoint).Dot(m.Normal) > 0.999);
                var expected = m.MembranePoint + m.Normal * MotorModel.LabelOffsetA;
                Assert.True((expected - m.Center).Length < 1e-6);
                var v = m.LabelVoxels(spec.SpacingA);
                Assert.InRange(v[0], 0, spec.Z - 1);
                Assert.InRange(v[1], 0, spec.Y - 1);
                Assert.InRange(v[2], 0, spec.X - 1);
                // Inside the ice, where it can be seen.
                Assert.True(Math.Abs(m.Center.Z - spec.Ice.MidZ(m.Center.Y, m.Center.X)) < spec.Ice.ThicknessA / 2);
            }
        }
        Assert.True(motors >= 15, $"only {motors} motors in 40 demo tomograms");
    }

    [Fact]
    public void MotorCountsFollowTheCompetitionDistribution()
    {
        var o = SynthPresets.Get("demo") with { Seed = 2, Count = 300, Scale = 0.5 };
        var counts = TomogramGenerator.SampleAll(o).Select(s => s.Motors.Count).ToList();
        var none = counts.Count(c => c == 0) / (double)counts.Count;
        var one = counts.Count(c => c == 1) / (double)counts.Count;
        Assert.InRange(none, 0.34, 0.56);
        Assert.InRange(one, 0.38, 0.60);
        Assert.Contains(counts, c => c >= 2);
    }

    [Fact]
    public void CompetitionPresetDrawsCompetitionAcquisitions()
    {
        var o = SynthPresets.Get("competition") with { Seed = 4, Count = 400 };
        var ids = TomoIds.For(o.Seed, 400);
        var spacings = Enumerable.Range(0, 400).Select(i => SceneSampler.Sample(o with { RibosomeDensity = 0 }, i, ids[i])).ToList();
        var share131 = spacings.Count(s => s.SpacingA == 13.1) / 400.0;
        Assert.InRange(share131, 0.33, 0.49); // 41 % in the competition
        Assert.All(spacings, s =>
        {
            Assert.InRange(s.Z, 300, 800);
            Assert.InRange(s.Y, 924, 1912);
            Assert.InRange(s.X, 924, 1912);
        });
    }

    [Fact]
    public void ScaleShrinksTheFieldButNotThePhysicalSizes()
    {
        var full = SynthPresets.Get("competition") with { Seed = 4, RibosomeDensity = 0 };
        var third = full with { Scale = 1.0 / 3 };
        var a = SceneSampler.Sample(full, 0, "tomo_000000");
        var b = SceneSampler.Sample(third, 0, "tomo_000000");
        Assert.Equal(a.SpacingA, b.SpacingA);
        Assert.Equal(Math.Round(a.Y / 3.0), b.Y);
        Assert.All(b.Cells, c => Assert.InRange(c.RadiusA, 2500, 3500));
    }

    [Fact]
    public void TomoIdsLookLikeTheCompetitionsAndAreUnique()
    {
        var ids = TomoIds.For(1, 2000);
        Assert.All(ids, id => Assert.Matches("^tomo_[0-9a-f]{6}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Take(10), TomoIds.For(1, 10));
    }

    [Fact]
    public void TinyPresetIsAFewSmallVolumes()
    {
        var o = SynthPresets.Get("tiny");
        Assert.InRange(o.Count, 2, 8);
        Assert.All(TomogramGenerator.SampleAll(o), s => Assert.Equal([32, 96, 96], s.Shape));
    }
}
