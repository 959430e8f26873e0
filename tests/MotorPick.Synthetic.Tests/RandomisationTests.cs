using System.Diagnostics;
using System.Text.Json;
using MotorPick.Synthetic.Output;
using MotorPick.Synthetic.Randomisation;
using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic.Tests;

public class RandomisationTests
{
    private static SynthOptions Randomised(ulong seed, ParameterFamily? holdOut = null, double scale = 1) =>
        SynthPresets.Get("randomised") with { Seed = seed, Scale = scale, Randomisation = new RandomisationOptions { HoldOut = holdOut } };

    [Fact]
    public void FixedPresetsDrawNothingRandomised()
    {
        foreach (var name in new[] { "tiny", "demo", "bench", "competition" })
        {
            var spec = TomogramGenerator.Sample(SynthPresets.Get(name), 0);
            Assert.Null(spec.Randomised);
            Assert.All(spec.Motors, m => Assert.Null(m.Shape));
            // synth.json of the fixed presets keeps its old fields only.
            Assert.DoesNotContain("randomis", JsonSerializer.Serialize(SynthPresets.Get(name), SynthJson.Options));
        }
    }

    [Fact]
    public void ScenesAreAFunctionOfTheSeed()
    {
        var a = TomogramGenerator.SampleAll(Randomised(5) with { Count = 6 });
        var b = TomogramGenerator.SampleAll(Randomised(5) with { Count = 6 });
        var c = TomogramGenerator.SampleAll(Randomised(6) with { Count = 6 });
        Assert.Equal(JsonSerializer.Serialize(a, SynthJson.Options), JsonSerializer.Serialize(b, SynthJson.Options));
        Assert.NotEqual(JsonSerializer.Serialize(a, SynthJson.Options), JsonSerializer.Serialize(c, SynthJson.Options));
    }

    [Fact]
    public void RenderingIsAFunctionOfTheSeedNotOfTheThreads()
    {
        var spec = TomogramGenerator.Sample(Randomised(11, scale: 0.3), 2);
        var one = TomogramGenerator.Render(spec, 1);
        var three = TomogramGenerator.Render(TomogramGenerator.Sample(Randomised(11, scale: 0.3), 2), 3);
        Assert.Equal(one.ToBytes(), three.ToBytes());
        Assert.True(one.Std > 0);
    }

    [Fact]
    public void HeldOutRangesAreDisjointFromTrainingRanges()
    {
        foreach (var p in RandomisedParameters.All)
        {
            Assert.NotEmpty(p.HeldOut);
            Assert.True(p.TrainLo < p.TrainHi, p.Name);
            foreach (var (lo, hi) in p.HeldOut)
            {
                Assert.True(lo < hi, p.Name);
                Assert.True(hi < p.TrainLo || lo > p.TrainHi, $"{p.Name}: held-out [{lo}, {hi}] overlaps training [{p.TrainLo}, {p.TrainHi}]");
            }
        }
        Assert.Equal(RandomisedParameters.All.Count, RandomisedParameters.All.Select(p => p.Name).Distinct().Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ParameterFamily.Motor)]
    [InlineData(ParameterFamily.Imaging)]
    [InlineData(ParameterFamily.Sample)]
    public void EachFamilyIsDrawnFromItsRange(ParameterFamily? holdOut)
    {
        var options = Randomised(21, holdOut) with { Count = 150 };
        foreach (var spec in TomogramGenerator.SampleAll(options))
        {
            var draw = spec.Randomised!;
            Assert.Equal(holdOut, draw.HoldOut);
            foreach (var p in RandomisedParameters.All)
            {
                var v = draw[p];
                if (p.Family == holdOut) Assert.True(p.InHeldOut(v) && !p.InTraining(v), $"{p.Name} = {v} is not in its held-out range");
                else Assert.True(p.InTraining(v) && !p.InHeldOut(v), $"{p.Name} = {v} is not in its training range");
            }
            Assert.Equal(draw[RandomisedParameters.SpacingA], spec.SpacingA);
            Assert.Equal(draw[RandomisedParameters.TiltRangeDeg], spec.Imaging.TiltRangeDeg);
            foreach (var m in spec.Motors)
            {
                var s = m.Shape!;
                Assert.InRange(s.RadiusScale / draw[RandomisedParameters.CRingRadiusScale], 0.95, 1.05);
                Assert.InRange(s.HeightScale / draw[RandomisedParameters.BasalBodyHeightScale], 0.95, 1.05);
            }
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameScenesOutsideTheHeldOutFamily()
    {
        // Holding one family out changes that family's values only: the benchmark's held-out sets differ from the
        // training distribution in that family alone.
        var train = TomogramGenerator.Sample(Randomised(3), 0).Randomised!;
        var held = TomogramGenerator.Sample(Randomised(3, ParameterFamily.Motor), 0).Randomised!;
        foreach (var p in RandomisedParameters.All.Where(p => p.Family != ParameterFamily.Motor))
            Assert.Equal(train[p], held[p]);
    }

    [Fact]
    public void ADemoSizedTomogramRendersInReasonableTime()
    {
        // About 14 million voxels (3800-5600 A fields at 12-20 A): about 6 s of one Zen 4 core, 1 s for the demo preset.
        var spec = TomogramGenerator.Sample(Randomised(1), 0);
        var clock = Stopwatch.StartNew();
        var tomo = TomogramGenerator.Render(spec, 2);
        clock.Stop();
        Assert.True(tomo.Std > 0);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"rendering {string.Join('x', spec.Shape)} took {clock.Elapsed.TotalSeconds:F1} s");
    }
}

public class RandomisationDocsTests
{
    [Fact]
    public void SyntheticDocsDescribeEveryRandomisedParameter()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MotorPick.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var doc = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "synthetic.md"));
        foreach (var p in RandomisedParameters.All) Assert.Contains($"`{p.Name}`", doc);
    }
}
