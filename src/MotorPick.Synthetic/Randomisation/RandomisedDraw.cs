using MotorPick.Synthetic.Randomness;

namespace MotorPick.Synthetic.Randomisation;

/// <summary>The randomised parameters drawn for one tomogram (recorded in synth.json as "randomised").</summary>
public sealed record RandomisedDraw
{
    public required ParameterFamily? HoldOut { get; init; }

    /// <summary>Parameter name -> value, in <see cref="RandomisedParameters.All"/> order.</summary>
    public required IReadOnlyDictionary<string, double> Values { get; init; }

    /// <summary>Per-tomogram outcomes of the chances above.</summary>
    public required bool InvertedPolarity { get; init; }
    public required bool WrapDefect { get; init; }
    public required bool PhaseFlipped { get; init; }

    public double this[ParameterRange p] => Values[p.Name];

    /// <summary>Draws every parameter in table order from one stream, then the per-tomogram chances.</summary>
    public static RandomisedDraw Draw(RandomisationOptions options, ref CounterRng rng)
    {
        var values = new Dictionary<string, double>();
        foreach (var p in RandomisedParameters.All) values[p.Name] = p.Draw(ref rng, options.HoldOut == p.Family);
        return new RandomisedDraw
        {
            HoldOut = options.HoldOut,
            Values = values,
            InvertedPolarity = rng.Chance(values[RandomisedParameters.InvertedPolarityChance.Name]),
            WrapDefect = rng.Chance(values[RandomisedParameters.WrapDefectChance.Name]),
            // Tomograms are exported with or without CTF phase flipping (the portal's ctf_corrected flag).
            PhaseFlipped = rng.Chance(0.5),
        };
    }
}
