using MotorPick.Labels;

namespace MotorPick.Interop.Conventions;

/// <summary>
/// How one format writes a point of a tomogram: the map between its native (x, y, z) numbers and MotorPick's
/// (z, y, x) voxel coordinates (voxel centres at integers). Exporters and importers share one instance so that a
/// round trip is the identity up to floating-point rounding.
/// </summary>
public interface ICoordinateConvention
{
    /// <summary>Native coordinates of a voxel-space point in the grid <paramref name="grid"/>.</summary>
    XyzPoint FromVoxel(Point3 p, TomogramGeometry grid);

    /// <summary>The voxel-space point of native coordinates in the grid <paramref name="grid"/>.</summary>
    Point3 ToVoxel(XyzPoint native, TomogramGeometry grid);

    /// <summary>One line for error messages: the unit, axis order and origin used.</summary>
    string Describe(TomogramGeometry grid);
}
