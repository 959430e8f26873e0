using MotorPick.Synthetic.Randomness;

namespace MotorPick.Synthetic.Rendering;

/// <summary>
/// Rotationally symmetric density of a flagellar motor in its own frame: h (A) along the axis, out of the cell,
/// with h = 0 on the inner membrane's mid-plane; rho (A) from the axis. The parts, from the cytoplasm outwards:
/// the C-ring (450 A wide) and export apparatus, the bell of stacked rings narrowing to the MS-ring in the membrane,
/// the stator ring, the rod through the periplasm with the P-ring, and the L-ring in the outer membrane.
/// </summary>
public static class MotorModel
{
    /// <summary>Where the label sits on the axis (the motor's centre as annotated: inside the bell, near the membrane).</summary>
    public const double LabelOffsetA = -120;

    /// <summary>Lowest h of the motor (cytoplasmic face of the C-ring and ATPase).</summary>
    public const double BottomA = -340;

    /// <summary>Largest radius of any part.</summary>
    public const double MaxRadiusA = 250;

    /// <summary>Highest h: the outer face of the L-ring for a periplasm of <paramref name="periplasmA"/>.</summary>
    public static double TopA(double periplasmA) => 70 + periplasmA + 60;

    public static float Density(float h, float rho, float periplasmA)
    {
        if (rho > MaxRadiusA || h < BottomA) return 0;
        float d = 0;
        // C-ring: a thick cylindrical wall in the cytoplasm.
        d += 0.95f * Soft(rho, 172, 228, 12) * Soft(h, -305, -165, 15);
        // Bell: stacked rings narrowing from the C-ring (r 200) to the MS-ring (r 125).
        if (h > -185 && h < -25)
        {
            var rc = 200 + (h + 170) * (125 - 200) / 130f;
            d += 0.75f * Soft(rho, rc - 22, rc + 22, 10) * Soft(h, -175, -40, 12);
        }
        // MS-ring in the inner membrane.
        d += 1.0f * Soft(rho, 25, 135, 12) * Soft(h, -50, 15, 10);
        // Export apparatus and ATPase on the axis, inside the C-ring.
        d += 0.6f * Soft(rho, -1, 62, 12) * Soft(h, -255, -55, 15);
        d += 0.8f * Soft(rho, -1, 72, 12) * Soft(h, -325, -258, 12);
        // Stator units around the MS-ring, in the membrane and lower periplasm.
        d += 0.45f * Soft(rho, 178, 232, 12) * Soft(h, -25, 95, 15);
        // Rod through the periplasm.
        var om = 70 + periplasmA;
        d += 0.9f * Soft(rho, -1, 36, 8) * Soft(h, 0, om + 40, 10);
        // P-ring (at the peptidoglycan) and L-ring (in the outer membrane).
        var pc = 35 + 0.45f * periplasmA;
        d += 0.8f * Soft(rho, 34, 95, 10) * Soft(h, pc - 30, pc + 30, 10);
        d += 0.8f * Soft(rho, 34, 105, 10) * Soft(h, om - 38, om + 38, 10);
        return d;
    }

    /// <summary>
    /// The density of a randomised motor: the cytoplasmic parts (h &lt; 0: C-ring, bell, export apparatus) stretched by
    /// <paramref name="heightScale"/> along the axis and by <paramref name="radiusScale"/> across it; the parts in and above
    /// the membrane keep their sizes (the envelope fixes them); everything times <paramref name="densityScale"/>.
    /// </summary>
    public static float Density(float h, float rho, float periplasmA, float radiusScale, float heightScale, float densityScale)
    {
        if (h < 0)
        {
            h /= heightScale;
            rho /= radiusScale;
        }
        return densityScale * Density(h, rho, periplasmA);
    }

    /// <summary>1 inside [lo, hi], 0 outside, with smooth edges of half-width <paramref name="soft"/>.</summary>
    private static float Soft(float x, float lo, float hi, float soft) =>
        DetMath.SmoothStep(lo - soft, lo + soft, x) * (1 - DetMath.SmoothStep(hi - soft, hi + soft, x));
}
