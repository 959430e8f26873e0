using MotorPick.Labels;
using MotorPick.Volumes;

namespace MotorPick.Model.Data;

/// <summary>
/// A tomogram ready for training: its uint8 volume at the target spacing (its voxel size, or unknown where a caller has none), its motors in that volume's voxels,
/// and the original spacing (for scoring in original voxels).
/// </summary>
public sealed record TrainTomogram(string Id, Volume<byte> Volume, IReadOnlyList<Point3> Motors, double TargetSpacing, double OriginalSpacing)
{
    /// <summary>Motors in original voxels (inverse of the training-time scaling <c>ori · ori / target</c>).</summary>
    public Point3 ToOriginal(Point3 p) => p.Scale(TargetSpacing / OriginalSpacing);
}
