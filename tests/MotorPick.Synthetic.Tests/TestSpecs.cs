using MotorPick.Synthetic;
using MotorPick.Synthetic.Scene;

namespace MotorPick.Synthetic.Tests;

/// <summary>Shared small scenes for the tests.</summary>
internal static class TestSpecs
{
    public static SynthOptions Tiny(ulong seed = 1, int count = 3) => SynthPresets.Get("tiny") with { Seed = seed, Count = count };

    /// <summary>The first demo-preset scene (from seed 1 on) with at least one motor, shrunk to keep tests fast.</summary>
    public static TomogramSpec WithMotor(double scale = 0.4)
    {
        var o = SynthPresets.Get("demo") with { Seed = 1, Scale = scale, Count = 40 };
        for (var i = 0; i < 40; i++)
        {
            var s = TomogramGenerator.Sample(o, i);
            if (s.Motors.Count > 0) return s;
        }
        throw new InvalidOperationException("no scene with a motor");
    }
}
