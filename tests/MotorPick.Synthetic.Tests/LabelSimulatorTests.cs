using MotorPick.Synthetic.Output;
using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic.Tests;

public class LabelSimulatorTests
{
    private static List<(TomogramSpec Spec, IReadOnlyList<SimulatedLabel> Labels)> Simulate(SynthOptions o) =>
        TomogramGenerator.SampleAll(o).Select(s => (s, LabelSimulator.Simulate(s, o))).ToList();

    private static readonly SynthOptions Many = SynthPresets.Get("demo") with { Seed = 8, Count = 250, Scale = 0.5, MotorCountWeights = [0, 0.2, 0.4, 0.4] };

    [Fact]
    public void NoDropNoJitterKeepsTheTruth()
    {
        foreach (var (_, labels) in Simulate(Many with { Count = 40 }))
            Assert.All(labels, l => Assert.Equal(l.Truth, l.Labelled));
    }

    [Fact]
    public void DropLeavesOutAboutTheRequestedFraction()
    {
        var all = Simulate(Many with { LabelDrop = 0.3 }).SelectMany(t => t.Labels).ToList();
        Assert.True(all.Count > 300, $"{all.Count} motors");
        var dropped = all.Count(l => l.Dropped) / (double)all.Count;
        Assert.InRange(dropped, 0.25, 0.35);
        // Kept labels are exact when there is no jitter.
        Assert.All(all.Where(l => !l.Dropped), l => Assert.Equal(l.Truth, l.Labelled));
    }

    [Fact]
    public void JitterMovesLabelsByTheRequestedDistance()
    {
        var offsets = new List<double>();
        foreach (var (spec, labels) in Simulate(Many with { LabelJitterA = 50 }))
            foreach (var l in labels)
            {
                var p = l.Labelled!.Value;
                offsets.Add((p.Z - l.Truth.Z) * spec.SpacingA);
                offsets.Add((p.Y - l.Truth.Y) * spec.SpacingA);
                offsets.Add((p.X - l.Truth.X) * spec.SpacingA);
            }
        var rms = Math.Sqrt(offsets.Average(o => o * o));
        Assert.InRange(rms, 44, 56);
        Assert.InRange(offsets.Average(), -6, 6);
    }

    [Fact]
    public void DroppingDoesNotChangeWhichMotorsJitterHow()
    {
        var a = Simulate(Many with { Count = 30, LabelJitterA = 50 });
        var b = Simulate(Many with { Count = 30, LabelJitterA = 50, LabelDrop = 0.5 });
        for (var i = 0; i < a.Count; i++)
            for (var k = 0; k < a[i].Labels.Count; k++)
                if (!b[i].Labels[k].Dropped) Assert.Equal(a[i].Labels[k].Labelled, b[i].Labels[k].Labelled);
    }
}
