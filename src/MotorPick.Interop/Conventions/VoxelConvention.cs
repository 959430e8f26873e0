using MotorPick.Core;
using MotorPick.Labels;

namespace MotorPick.Interop.Conventions;

/// <summary>
/// Voxel indices of the tomogram grid, x/y/z: the CryoET Data Portal's point files (interfaces.md 1.8: the backend's
/// point_converter divides source coordinates by the binning into the scale-0 grid) and napari points (data
/// coordinates, pixel centres at integers; napari's order is z, y, x, which the napari reader swaps).
/// </summary>
public sealed class VoxelConvention(string name) : ICoordinateConvention
{
    public XyzPoint FromVoxel(Point3 p, TomogramGeometry grid) => new(p.X, p.Y, p.Z);

    public Point3 ToVoxel(XyzPoint v, TomogramGeometry grid) => new(v.Z, v.Y, v.X);

    public string Describe(TomogramGeometry grid) =>
        $"{name}: voxel indices of the {grid.Shape} grid at {PyFormat.Float(grid.VoxelSpacing)} Å, voxel centres at integers";
}

/// <summary>
/// Ångström from the centre of voxel 0: Å = voxel index × voxel spacing. This is copick's convention: its RELION
/// bridge converts with <c>points_px = points / voxel_size</c> (copick/copick src/copick/util/relion.py,
/// picks_to_df_relion) and back with <c>rlnCoordinate * voxel_size</c>.
/// </summary>
public sealed class AngstromFromVoxelZero(string name) : ICoordinateConvention
{
    public XyzPoint FromVoxel(Point3 p, TomogramGeometry grid) => new(p.X * grid.VoxelSpacing, p.Y * grid.VoxelSpacing, p.Z * grid.VoxelSpacing);

    public Point3 ToVoxel(XyzPoint v, TomogramGeometry grid) => new(v.Z / grid.VoxelSpacing, v.Y / grid.VoxelSpacing, v.X / grid.VoxelSpacing);

    public string Describe(TomogramGeometry grid) =>
        $"{name}: Å from the centre of voxel 0 (voxel = Å / {PyFormat.Float(grid.VoxelSpacing)}), grid {grid.Shape}";
}
