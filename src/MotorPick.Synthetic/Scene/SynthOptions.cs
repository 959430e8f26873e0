using System.Text.Json.Serialization;
using MotorPick.Synthetic.Randomisation;

namespace MotorPick.Synthetic.Scene;

/// <summary>How the shape and voxel spacing of each tomogram are chosen.</summary>
public enum ShapeMode
{
    /// <summary>The same (jittered) shape and spacing for every tomogram: <see cref="SynthOptions.FixedShape"/>.</summary>
    Fixed,

    /// <summary>Spacing and shape drawn from the competition's 648 train tomograms, shrunk by <see cref="SynthOptions.Scale"/>.</summary>
    Competition,
}

/// <summary>
/// Every parameter of a synthetic data set. A preset (<see cref="SynthPresets"/>) fills them; the command
/// line may override a few. Tomogram i is a pure function of (these options, <see cref="Seed"/>, i).
/// </summary>
public sealed record SynthOptions
{
    /// <summary>Name of the preset the options came from (recorded in synth.json).</summary>
    public string Preset { get; init; } = "custom";

    public int Count { get; init; } = 4;

    public ulong Seed { get; init; } = 1;

    public ShapeMode ShapeMode { get; init; } = ShapeMode.Fixed;

    /// <summary>(Z, Y, X) for <see cref="ShapeMode.Fixed"/>.</summary>
    public int[] FixedShape { get; init; } = [32, 96, 96];

    /// <summary>Relative jitter of each fixed dimension (0.1 = up to +-10 %).</summary>
    public double ShapeJitter { get; init; }

    /// <summary>Voxel spacing in Angstrom for <see cref="ShapeMode.Fixed"/>; null draws it from the competition distribution.</summary>
    public double? FixedSpacing { get; init; }

    /// <summary>Field-of-view scale: shapes are multiplied by it while physical sizes (and spacing) stay the same.</summary>
    public double Scale { get; init; } = 1.0;

    /// <summary>Signal-to-noise ratio (variance of the noise-free tomogram, clipped to its 1st..99th percentile, / variance of the noise, both after the imaging blur);
    /// null draws it per tomogram from [<see cref="SnrMin"/>, <see cref="SnrMax"/>].</summary>
    public double? Snr { get; init; }

    public double SnrMin { get; init; } = 0.6;

    public double SnrMax { get; init; } = 1.6;

    /// <summary>Probabilities of 0, 1, 2 and 3-6 motors per tomogram (competition: 44 / 49 / 4 / 3 %).</summary>
    public double[] MotorCountWeights { get; init; } = [0.44, 0.49, 0.04, 0.03];

    /// <summary>Fraction of motors with a hook and filament leaving the cell.</summary>
    public double FilamentFraction { get; init; } = 0.8;

    /// <summary>Multiplies the expected number of every decoy kind.</summary>
    public double DecoyRate { get; init; } = 1.0;

    /// <summary>Fraction of tomograms written with the int8 wrap-around defect (competition: 15 of 648).</summary>
    public double WrapDefectFraction { get; init; }

    /// <summary>Fraction of motors left out of train_labels.csv (incomplete labels).</summary>
    public double LabelDrop { get; init; }

    /// <summary>Standard deviation, per axis and in Angstrom, of the noise added to labelled positions.</summary>
    public double LabelJitterA { get; init; }

    /// <summary>Cytoplasmic ribosome density per cubic Angstrom.</summary>
    public double RibosomeDensity { get; init; } = 1.2e-8;

    /// <summary>Domain randomisation (the <c>randomised</c> preset): when set, every parameter of
    /// <see cref="RandomisedParameters"/> is drawn per tomogram and overrides the fields above that it covers.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RandomisationOptions? Randomisation { get; init; }
}
