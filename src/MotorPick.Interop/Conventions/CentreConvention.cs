namespace MotorPick.Interop.Conventions;

/// <summary>
/// Where RELION 5's centred coordinates (<c>rlnCenteredCoordinateX/Y/ZAngst</c>) put 0 on an axis of N unbinned
/// tilt-series pixels. RELION's own tools disagree for even sizes, so the choice is an option.
/// </summary>
public enum CentreConvention
{
    /// <summary>
    /// N/2 (default): RELION 5's C++ programs, which reconstruct, extract and refine the particles, set
    /// <c>out.centre = d3Vector(out.w0/2.0, out.h0/2.0, out.d0/2.0)</c> from rlnTomoSizeX/Y/Z
    /// (3dem/relion src/jaz/tomography/tomogram_set.cpp, TomogramSet::loadTomogram) and convert with
    /// <c>out /= tiltSeriesPixelSize; out += tomo_centre</c> (src/jaz/tomography/particle_set.cpp,
    /// ParticleSet::getParticleCoordDecenteredPixel).
    /// </summary>
    Relion,

    /// <summary>
    /// N/2 - 1: RELION 5's napari picking jobs write <c>tomo_center = (tomo_size / 2 - 1) * pixel_size</c>
    /// (3dem/relion src/tomography_python_programs/get_particle_poses/particles.py); use it to read their output as it was meant.
    /// </summary>
    RelionNapariPicker,

    /// <summary>(n - 1)/2 tomogram voxels: the geometric centre of the voxel centres (an odd axis' middle voxel).</summary>
    VoxelCentre,
}

/// <summary>Names of <see cref="CentreConvention"/> values on the command line and in sidecar files.</summary>
public static class CentreConventions
{
    public static string Name(CentreConvention c) => c switch
    {
        CentreConvention.Relion => "relion",
        CentreConvention.RelionNapariPicker => "relion-napari",
        CentreConvention.VoxelCentre => "voxel-centre",
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    public static CentreConvention Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "relion" or "n/2" => CentreConvention.Relion,
        "relion-napari" or "n/2-1" => CentreConvention.RelionNapariPicker,
        "voxel-centre" or "voxel-center" or "(n-1)/2" => CentreConvention.VoxelCentre,
        _ => throw new MotorPick.Core.MotorPickException($"unknown centre convention '{name}'; expected relion (N/2), relion-napari (N/2-1) or voxel-centre ((n-1)/2)", field: "--centre-convention"),
    };

    /// <summary>The centre in unbinned pixels of an axis with <paramref name="unbinned"/> pixels, <paramref name="binned"/> tomogram voxels and binning <paramref name="binning"/>.</summary>
    public static double CentrePixels(CentreConvention c, double unbinned, int binned, double binning) => c switch
    {
        CentreConvention.Relion => unbinned / 2.0,
        CentreConvention.RelionNapariPicker => unbinned / 2.0 - 1.0,
        CentreConvention.VoxelCentre => (binned - 1) / 2.0 * binning,
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };
}
