using MotorPick.Synthetic.Output;
using MotorPick.Synthetic.Preview;
using MotorPick.Tests;

namespace MotorPick.Synthetic.Tests;

public class SynthPreviewTests
{
    [Fact]
    public void WritesAMontageWithEveryMotor()
    {
        using var dir = Fixtures.TempDir();
        var o = TestSpecs.Tiny(seed: 12, count: 1) with { MotorCountWeights = [0, 0, 1, 0], Scale = 2 };
        SyntheticDatasetWriter.Write(dir.Path, o, threads: 2);
        var spec = TomogramGenerator.Sample(o, 0);
        var png = dir.File("p.png");
        var items = SynthPreview.Render(dir.Path, spec.TomoId, png);
        Assert.Equal(spec.Motors.Count, items.Count(i => i.IsMotor));
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }
}
