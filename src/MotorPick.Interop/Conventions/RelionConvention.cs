using MotorPick.Core;
using MotorPick.Labels;

namespace MotorPick.Interop.Conventions;

/// <summary>The two ways RELION writes a tomogram particle's position.</summary>
public enum RelionForm
{
    /// <summary>RELION 5: <c>rlnCenteredCoordinateX/Y/ZAngst</c>, Å from the tomogram centre.</summary>
    Centred,

    /// <summary>RELION 3/4: <c>rlnCoordinateX/Y/Z</c>, pixels of the (unbinned) tilt series from the corner.</summary>
    Pixels,
}

/// <summary>
/// RELION's tomogram coordinates for one tomogram. RELION works in "decentred" unbinned tilt-series pixels whose
/// origin is tomogram voxel 0 (zero origins from RELION 4.1 on: src/jaz/tomography/programs/reconstruct_tomogram.cpp,
/// <c>--x0/--y0/--z0</c> default 0), so tomogram voxel j of a tomogram binned by b lies at pixel j·b. The tilt-series
/// pixel size is the tomogram's voxel spacing / b. Origin shifts (<c>rlnOriginX/Y/ZAngst</c>) are subtracted after
/// rotating them by the subtomogram matrix, as ParticleSet::getPosition does (src/jaz/tomography/particle_set.cpp).
/// </summary>
public sealed class RelionConvention : ICoordinateConvention
{
    public RelionConvention(RelionForm form, double binning, CentreConvention centre, (double X, double Y, double Z)? unbinnedSize = null)
    {
        if (!(binning > 0) || !double.IsFinite(binning)) throw new MotorPickException($"binning must be a positive number, found {binning}", field: "--binning");
        Form = form;
        Binning = binning;
        Centre = centre;
        UnbinnedSize = unbinnedSize;
    }

    public RelionForm Form { get; }

    public double Binning { get; }

    public CentreConvention Centre { get; }

    /// <summary>rlnTomoSizeX/Y/Z when a tomograms.star gave them; else the tomogram shape × binning.</summary>
    public (double X, double Y, double Z)? UnbinnedSize { get; }

    public double PixelSize(TomogramGeometry g) => g.VoxelSpacing / Binning;

    public (double X, double Y, double Z) Unbinned(TomogramGeometry g) =>
        UnbinnedSize ?? (Math.Round(g.Shape.X * Binning), Math.Round(g.Shape.Y * Binning), Math.Round(g.Shape.Z * Binning));

    private XyzPoint CentrePixels(TomogramGeometry g)
    {
        var n = Unbinned(g);
        return new XyzPoint(
            CentreConventions.CentrePixels(Centre, n.X, g.Shape.X, Binning),
            CentreConventions.CentrePixels(Centre, n.Y, g.Shape.Y, Binning),
            CentreConventions.CentrePixels(Centre, n.Z, g.Shape.Z, Binning));
    }

    public XyzPoint FromVoxel(Point3 p, TomogramGeometry g)
    {
        var pixels = new XyzPoint(p.X, p.Y, p.Z) * Binning;
        return Form == RelionForm.Pixels ? pixels : (pixels - CentrePixels(g)) * PixelSize(g);
    }

    public Point3 ToVoxel(XyzPoint native, TomogramGeometry g) => ToVoxel(native, XyzPoint.Zero, XyzPoint.Zero, g);

    /// <summary>With origin shifts: <paramref name="shiftAngst"/> (already rotated) in Å, <paramref name="shiftPixels"/> in tilt-series pixels (RELION 3.0's rlnOriginX/Y/Z).</summary>
    public Point3 ToVoxel(XyzPoint native, XyzPoint shiftAngst, XyzPoint shiftPixels, TomogramGeometry g)
    {
        var px = PixelSize(g);
        var decentred = Form == RelionForm.Pixels ? native : native / px + CentrePixels(g);
        var v = (decentred - shiftAngst / px - shiftPixels) / Binning;
        return new Point3(v.Z, v.Y, v.X);
    }

    public string Describe(TomogramGeometry g)
    {
        var px = PyFormat.Float(PixelSize(g));
        var n = Unbinned(g);
        return Form == RelionForm.Pixels
            ? $"RELION 3/4 rlnCoordinateX/Y/Z: pixels of {px} Å from voxel 0 (binning {PyFormat.Float(Binning)} to the {g.Shape} tomogram at {PyFormat.Float(g.VoxelSpacing)} Å)"
            : $"RELION 5 rlnCenteredCoordinateX/Y/ZAngst: Å from the centre ({CentreConventions.Name(Centre)}) of a {PyFormat.Float(n.X)}x{PyFormat.Float(n.Y)}x{PyFormat.Float(n.Z)} (x, y, z) tilt-series volume at {px} Å (binning {PyFormat.Float(Binning)} to the {g.Shape} tomogram)";
    }

    /// <summary>
    /// RELION's subtomogram rotation (rlnTomoSubtomogramRot/Tilt/Psi, degrees) as the row-major 3x3 matrix of
    /// Euler::anglesToMatrix3 (src/jaz/math/Euler_angles_relion.h), applied to an origin shift.
    /// </summary>
    public static XyzPoint RotateShift(XyzPoint shift, double rotDeg, double tiltDeg, double psiDeg)
    {
        double phi = rotDeg * Math.PI / 180, theta = tiltDeg * Math.PI / 180, chi = psiDeg * Math.PI / 180;
        double sp = Math.Sin(phi), cp = Math.Cos(phi), st = Math.Sin(theta), ct = Math.Cos(theta), sc = Math.Sin(chi), cc = Math.Cos(chi);
        var r0 = new XyzPoint(cc * ct * cp - sc * sp, cc * ct * sp + sc * cp, -cc * st);
        var r1 = new XyzPoint(-sc * ct * cp - cc * sp, -sc * ct * sp + cc * cp, sc * st);
        var r2 = new XyzPoint(st * cp, st * sp, ct);
        return new XyzPoint(Dot(r0, shift), Dot(r1, shift), Dot(r2, shift));
    }

    private static double Dot(XyzPoint a, XyzPoint b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;
}
