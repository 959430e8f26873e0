using System.Text.Json.Serialization;

namespace MotorPick.Synthetic.Randomisation;

/// <summary>The groups of randomised parameters that the generalisation benchmark holds out one at a time.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ParameterFamily>))]
public enum ParameterFamily
{
    /// <summary>Motor morphology: C-ring and basal-body sizes, density, tilt, hook and filament, partial motors at the edge.</summary>
    Motor,

    /// <summary>Acquisition and reconstruction: spacing, field of view, defocus and CTF, missing wedge, resolution, noise, contrast.</summary>
    Imaging,

    /// <summary>The specimen: cells and their envelopes, ice, ribosomes, gold, vesicles and other decoys.</summary>
    Sample,
}

/// <summary>Domain randomisation of a data set: every parameter of <see cref="RandomisedParameters"/> is drawn per tomogram,
/// from its training range, or from its disjoint held-out range for the family <see cref="HoldOut"/>.</summary>
public sealed record RandomisationOptions
{
    /// <summary>The family drawn from values that a training set without hold-out never draws; null draws every family from its training ranges.</summary>
    public ParameterFamily? HoldOut { get; init; }

    public static ParameterFamily ParseFamily(string value) => value.ToLowerInvariant() switch
    {
        "motor" => ParameterFamily.Motor,
        "imaging" => ParameterFamily.Imaging,
        "sample" => ParameterFamily.Sample,
        _ => throw new Core.MotorPickException($"unknown parameter family '{value}'; expected motor, imaging or sample", field: "--hold-out"),
    };
}
