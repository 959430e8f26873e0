namespace MotorPick.Synthetic.Randomisation;

/// <summary>
/// Every randomised parameter with its training range and its disjoint held-out range: the one table that the sampler
/// draws from, the tests check and docs/synthetic.md describes. The ranges keep a demo-sized field of view (a few
/// million voxels) so that a CPU can generate hundreds of tomograms; spacing and field are drawn in Angstrom.
/// </summary>
public static class RandomisedParameters
{
    private static ParameterRange M(string name, string unit, double lo, double hi, (double, double)[] held, string covers) =>
        new(name, ParameterFamily.Motor, unit, lo, hi, held, covers);

    private static ParameterRange I(string name, string unit, double lo, double hi, (double, double)[] held, string covers) =>
        new(name, ParameterFamily.Imaging, unit, lo, hi, held, covers);

    private static ParameterRange S(string name, string unit, double lo, double hi, (double, double)[] held, string covers) =>
        new(name, ParameterFamily.Sample, unit, lo, hi, held, covers);

    // Motor morphology.
    public static readonly ParameterRange CRingRadiusScale = M("c_ring_radius_scale", "x", 0.85, 1.15, [(0.68, 0.8), (1.2, 1.32)],
        "C-ring diameter 45 nm (Salmonella) with species from ~40 to ~57 nm (Chaban 2018, Beeby 2016): 38-52 nm in training");
    public static readonly ParameterRange BasalBodyHeightScale = M("basal_body_height_scale", "x", 0.85, 1.15, [(0.68, 0.8), (1.2, 1.32)],
        "basal body (C-ring to MS-ring) height ~30-35 nm, varying with the species' stator and export apparatus");
    public static readonly ParameterRange MotorDensity = M("motor_density", "x", 0.8, 1.25, [(0.55, 0.72), (1.35, 1.5)],
        "motor contrast against the cytoplasm, from sparse to crowded stator rings");
    public static readonly ParameterRange MotorTiltDeg = M("motor_tilt_deg", "deg", 0, 12, [(16, 28)],
        "angle between the motor axis and the membrane normal (motors cross the envelope nearly perpendicularly)");
    public static readonly ParameterRange FilamentFraction = M("filament_fraction", "", 0.45, 1.0, [(0, 0.3)],
        "share of motors with a hook and filament (many are sheared off during blotting)");
    public static readonly ParameterRange EdgeMotorChance = M("edge_motor_chance", "", 0, 0.25, [(0.4, 0.6)],
        "chance that a motor may sit at the field's edge with its membrane outside the field (partial motors)");

    // Imaging and contrast.
    public static readonly ParameterRange SpacingA = I("spacing", "A", 12, 20, [(9, 11.5), (20.5, 24)],
        "voxel spacing: the competition's tomograms are 6.5-19.7 A (13.1, 15.6, 16.8, 19.7 most often)");
    public static readonly ParameterRange FieldXyA = I("field_xy", "A", 3800, 5600, [(2800, 3500)],
        "lateral field of view (the demo's 5120 A; the competition's are 12000-15000 A, scaled down for the CPU)");
    public static readonly ParameterRange FieldZA = I("field_z", "A", 1300, 2000, [(1000, 1250)],
        "reconstructed thickness around the ice");
    public static readonly ParameterRange DefocusUm = I("defocus", "um", 3, 7, [(1.5, 2.5), (8, 10)],
        "defocus of cellular cryo-ET tilt series, typically 3-8 um underfocus");
    public static readonly ParameterRange TiltRangeDeg = I("tilt_range", "deg", 50, 65, [(35, 46)],
        "tilt range +-60 deg (dose-symmetric schemes +-45 to +-70 deg): the missing wedge");
    public static readonly ParameterRange ResolutionA = I("resolution_sigma", "A", 10, 22, [(25, 32)],
        "in-plane point spread (B-factor envelope): 2-5 nm resolution of cellular tomograms");
    public static readonly ParameterRange ZAnisotropy = I("z_anisotropy", "x", 1.0, 1.4, [(1.6, 2.0)],
        "extra blur along z beyond the wedge (alignment errors, thick specimens)");
    public static readonly ParameterRange NoiseExponent = I("noise_exponent", "", 0.3, 1.2, [(1.4, 1.8)],
        "noise power ~ 1/|k|^a: back-projected noise is coloured (weighted back projection and SIRT differ)");
    public static readonly ParameterRange Snr = I("snr", "", 0.35, 1.6, [(0.15, 0.3)],
        "signal/noise variance: the dose (~100-150 e/A^2 over the series) and thickness set it");
    public static readonly ParameterRange LowPercentile = I("low_percentile", "%", 0.2, 2, [(3, 5)],
        "8-bit mapping: the competition's slices clip ~0.88 % / 99.06 % (measured histogram); other exports clip differently");
    public static readonly ParameterRange HighPercentile = I("high_percentile", "%", 98, 99.8, [(95, 97)],
        "upper clip of the 8-bit mapping (gain and offset of the export)");
    public static readonly ParameterRange InvertedPolarityChance = I("inverted_polarity_chance", "", 0, 0.15, [(0.4, 0.6)],
        "share of tomograms exported with dense = bright (some portal depositions)");
    public static readonly ParameterRange WrapDefectChance = I("int8_wrap_chance", "", 0, 0.05, [(0.15, 0.3)],
        "share with the int8 wrap-around defect of the competition's 15 of 648 tomograms");

    // The sample.
    public static readonly ParameterRange CellRadiusA = S("cell_radius", "A", 2000, 4000, [(1300, 1800), (4300, 5500)],
        "cell radius: 0.4-1 um wide rods and cocci of the portal's bacteria");
    public static readonly ParameterRange PeriplasmA = S("periplasm", "A", 180, 320, [(340, 420)],
        "inner-outer membrane spacing ~20-30 nm in Gram-negative envelopes");
    public static readonly ParameterRange CellCount = S("cell_count_mean", "", 0.8, 2.2, [(2.6, 3.5)],
        "cells in view: usually one or two (pole of a cell in a lamella or whole-cell tomogram)");
    public static readonly ParameterRange IceFraction = S("ice_fraction", "", 0.6, 0.92, [(0.42, 0.56)],
        "ice thickness against the reconstructed thickness (150-300 nm ice)");
    public static readonly ParameterRange IceSlope = S("ice_slope", "", 0, 0.035, [(0.045, 0.07)],
        "tilt of the slab against the reconstruction box (ice thickness gradient across the field)");
    public static readonly ParameterRange RibosomeDensity = S("ribosome_density", "1e-8/A^3", 0.5, 2.0, [(2.4, 3.5)],
        "cytoplasmic ribosomes: ~1e4 per um^3 in fast-growing cells, fewer in starved ones");
    public static readonly ParameterRange DecoyRate = S("decoy_rate", "x", 0.5, 1.6, [(2, 3)],
        "gold beads, vesicles, aggregates, granules, contamination and membrane complexes: their expected counts multiplied");
    public static readonly ParameterRange ArrayRate = S("periodic_array_rate", "per field", 0, 1, [(1.5, 3)],
        "periodic decoys: chemoreceptor-like lattices (12 nm hexagonal) under the inner membrane");

    /// <summary>Every parameter, in drawing order.</summary>
    public static IReadOnlyList<ParameterRange> All { get; } =
    [
        CRingRadiusScale, BasalBodyHeightScale, MotorDensity, MotorTiltDeg, FilamentFraction, EdgeMotorChance,
        SpacingA, FieldXyA, FieldZA, DefocusUm, TiltRangeDeg, ResolutionA, ZAnisotropy, NoiseExponent, Snr, LowPercentile,
        HighPercentile, InvertedPolarityChance, WrapDefectChance,
        CellRadiusA, PeriplasmA, CellCount, IceFraction, IceSlope, RibosomeDensity, DecoyRate, ArrayRate,
    ];
}
