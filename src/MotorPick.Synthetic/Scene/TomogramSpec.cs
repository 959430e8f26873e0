using System.Text.Json.Serialization;
using MotorPick.Synthetic.Geometry;
using MotorPick.Synthetic.Randomisation;

namespace MotorPick.Synthetic.Scene;

/// <summary>
/// Everything that defines one synthetic tomogram: acquisition, scene (in Angstrom, z/y/x, origin at the
/// centre of voxel 0) and imaging. It is what synth.json records, and rendering it again gives the same bytes.
/// </summary>
public sealed record TomogramSpec
{
    public required int Index { get; init; }
    public required string TomoId { get; init; }
    public required ulong Seed { get; init; }

    /// <summary>(Z, Y, X) in voxels.</summary>
    public required int[] Shape { get; init; }
    public required double SpacingA { get; init; }

    public required IceSlab Ice { get; init; }
    public required IReadOnlyList<CellSpec> Cells { get; init; }
    public required IReadOnlyList<MotorSpec> Motors { get; init; }
    public required DecoySet Decoys { get; init; }
    public required int RibosomeCount { get; init; }

    /// <summary>Ribosome subunits (two blobs per ribosome). Not written to synth.json: they follow from (seed, index).</summary>
    [JsonIgnore] public IReadOnlyList<Blob> Ribosomes { get; init; } = [];
    public required ImagingSpec Imaging { get; init; }

    /// <summary>The domain-randomised parameters of this tomogram (null for the fixed presets, whose output they do not touch).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RandomisedDraw? Randomised { get; init; }

    [JsonIgnore] public int Z => Shape[0];
    [JsonIgnore] public int Y => Shape[1];
    [JsonIgnore] public int X => Shape[2];
    [JsonIgnore] public long VoxelCount => (long)Shape[0] * Shape[1] * Shape[2];

    /// <summary>Field of view extent in Angstrom from voxel centre 0 to voxel centre n-1.</summary>
    [JsonIgnore] public ZyxVector FieldA => new((Z - 1) * SpacingA, (Y - 1) * SpacingA, (X - 1) * SpacingA);
}

/// <summary>The vitreous ice layer: a slightly tilted slab; outside it is vacuum.</summary>
public sealed record IceSlab(double CenterZA, double ThicknessA, double SlopeY, double SlopeX, double CenterYA, double CenterXA)
{
    /// <summary>Height of the slab's mid-plane at (y, x).</summary>
    public double MidZ(double yA, double xA) => CenterZA + SlopeY * (yA - CenterYA) + SlopeX * (xA - CenterXA);
}

/// <summary>Shape of a bacterial cell.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CellKind>))]
public enum CellKind { Rod, Ellipsoid }

/// <summary>
/// A Gram-negative cell with a double envelope. For a rod, <see cref="HalfLengthA"/> is half the length of its axis
/// segment and <see cref="RadiusA"/> its radius; for an ellipsoid the semi-axes are (RadiusA + HalfLengthA) along
/// <see cref="Axis"/> and RadiusA, RadiusA * <see cref="Flattening"/> across. The outer membrane's outer face is the
/// surface; the periplasm separates the two bilayers.
/// </summary>
public sealed record CellSpec(CellKind Kind, ZyxVector Center, ZyxVector Axis, double RadiusA, double HalfLengthA, double Flattening, double PeriplasmA)
{
    /// <summary>Signed distance (A) of the inner membrane's mid-plane from the cell surface (negative = inside).</summary>
    public double InnerMembraneOffsetA => -(105 + PeriplasmA);

    /// <summary>Signed distance of the outer membrane's mid-plane.</summary>
    public const double OuterMembraneOffsetA = -35;
}

/// <summary>
/// A flagellar motor. <see cref="MembranePoint"/> is on the inner membrane's mid-plane, <see cref="Normal"/> points out of
/// the cell along the motor axis, <see cref="Center"/> is the labelled position (on the axis, in the cytoplasm).
/// <see cref="FilamentPath"/> (empty without a filament) starts at the outer membrane: the first 550 A are the hook.
/// </summary>
public sealed record MotorSpec(int CellIndex, ZyxVector Center, ZyxVector MembranePoint, ZyxVector Normal, double PeriplasmA,
    IReadOnlyList<ZyxVector> FilamentPath)
{
    /// <summary>The label in voxel coordinates (z, y, x), rounded to 0.1 voxel as written to truth.csv.</summary>
    public double[] LabelVoxels(double spacingA) =>
        [Math.Round(Center.Z / spacingA, 1), Math.Round(Center.Y / spacingA, 1), Math.Round(Center.X / spacingA, 1)];

    [JsonIgnore] public bool HasFilament => FilamentPath.Count > 1;

    /// <summary>Morphology of a randomised motor (null: the standard motor of <see cref="Rendering.MotorModel"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MotorShape? Shape { get; init; }
}

/// <summary>Scales of a randomised motor: C-ring and bell radii, the height of the cytoplasmic part, and its density.</summary>
public sealed record MotorShape(double RadiusScale, double HeightScale, double DensityScale);

/// <summary>A soft sphere: centre, radius, density (relative to ice).</summary>
public sealed record Blob(ZyxVector Center, double RadiusA, double Density);

/// <summary>A tube along a polyline (flagellar filaments).</summary>
public sealed record TubeSpec(IReadOnlyList<ZyxVector> Path, double RadiusA, double Density);

/// <summary>The things that look a little like motors or are darker than them.</summary>
public sealed record DecoySet
{
    /// <summary>Gold fiducials (very dense, with streak artefacts).</summary>
    public required IReadOnlyList<Blob> Gold { get; init; }
    /// <summary>Detached flagellar filaments without a motor.</summary>
    public required IReadOnlyList<TubeSpec> FreeFilaments { get; init; }
    /// <summary>Membrane vesicles (bilayer shells).</summary>
    public required IReadOnlyList<Blob> Vesicles { get; init; }
    /// <summary>Dense protein aggregates: clusters of blobs about motor-sized.</summary>
    public required IReadOnlyList<IReadOnlyList<Blob>> Aggregates { get; init; }
    /// <summary>Storage granules (polyphosphate-like, very dense spheres).</summary>
    public required IReadOnlyList<Blob> Granules { get; init; }
    /// <summary>Ice contamination on the slab surfaces (clusters of large dense blobs, not cut by the slab).</summary>
    public required IReadOnlyList<IReadOnlyList<Blob>> IceContamination { get; init; }
    /// <summary>Smaller complexes on the cytoplasmic face of the inner membrane.</summary>
    public required IReadOnlyList<Blob> MembraneComplexes { get; init; }
}

/// <summary>The imaging model applied to the density.</summary>
public sealed record ImagingSpec
{
    /// <summary>In-plane Gaussian sigma of the point spread (CTF-like low-pass), Angstrom.</summary>
    public required double PsfSigmaA { get; init; }
    /// <summary>Extra elongation of the point spread along z from the +-<see cref="TiltRangeDeg"/> missing wedge.</summary>
    public required double WedgeElongation { get; init; }
    public required double TiltRangeDeg { get; init; }
    /// <summary>Fraction of the low frequencies removed (CTF and weighting make large flat areas lose contrast).</summary>
    public required double LowFrequencyCut { get; init; }
    public required double LowFrequencySigmaA { get; init; }
    /// <summary>Signal variance / noise variance after the blur.</summary>
    public required double Snr { get; init; }
    /// <summary>Slow background: coefficients of a quadratic in normalised (z, y, x), in units of the signal std.</summary>
    public required double[] Gradient { get; init; }
    /// <summary>Whether the 8-bit output has the int8 wrap-around defect (fixed by +127 mod 256).</summary>
    public required bool WrapDefect { get; init; }
    /// <summary>Lower and upper percentiles of the float volume mapped to 255 and 0 in the 8-bit output.</summary>
    public required double[] Percentiles { get; init; }
}
