using MotorPick.Core;

namespace MotorPick.Synthetic.Scene;

/// <summary>The named parameter sets of <c>motorpick synth --preset</c>.</summary>
public static class SynthPresets
{
    public static IReadOnlyList<string> Names { get; } = ["tiny", "demo", "bench", "competition", "randomised"];

    /// <summary>The options of preset <paramref name="name"/> (count and seed are the preset's defaults).</summary>
    public static SynthOptions Get(string name) => name switch
    {
        // Unit tests: a few small volumes, a fraction of a second each.
        "tiny" => new SynthOptions { Preset = name, Count = 4, ShapeMode = ShapeMode.Fixed, FixedShape = [32, 96, 96], FixedSpacing = 16.0 },
        // The demo data: about 40 tomograms of about 96x320x320 at 16 A.
        "demo" => new SynthOptions { Preset = name, Count = 40, ShapeMode = ShapeMode.Fixed, FixedShape = [96, 320, 320], ShapeJitter = 0.1, FixedSpacing = 16.0 },
        // Accuracy benchmarks: competition spacings, a third of the competition field of view.
        "bench" => new SynthOptions { Preset = name, Count = 200, ShapeMode = ShapeMode.Competition, Scale = 1.0 / 3, WrapDefectFraction = 0 },
        // Full competition sizes and spacings, including the wrap-around defect of 15 of 648 tomograms.
        "competition" => new SynthOptions { Preset = name, Count = 648, ShapeMode = ShapeMode.Competition, Scale = 1.0, WrapDefectFraction = 15.0 / 648 },
        // Domain randomisation: every appearance parameter drawn per tomogram (docs/synthetic.md); demo-sized fields.
        "randomised" => new SynthOptions { Preset = name, Count = 200, ShapeMode = ShapeMode.Fixed, Randomisation = new Randomisation.RandomisationOptions() },
        _ => throw new MotorPickException($"unknown preset '{name}'; expected one of {string.Join(", ", Names)}", field: "--preset"),
    };
}
