using MotorPick.Formats.Geometry;
using MotorPick.Model.Targets;
using MotorPick.Volumes;
using MotorPick.Volumes.Geometry;

namespace MotorPick.Model.Data;

/// <summary>
/// The rot90/flip variants of <see cref="TtaCode"/> (the one owner of the TTA geometry, shared with inference) applied
/// to training patches and their keypoints: training samples all 16 codes, <see cref="TtaCode.AllCodes"/>, in that order.
/// </summary>
public static class TtaGrids
{
    /// <summary>Shape (d, h, w) after the transform: (d, w, h) for the rotation.</summary>
    public static (int D, int H, int W) OutputShape(this TtaCode tta, int d, int h, int w) => tta.Rotate ? (d, w, h) : (d, h, w);

    /// <summary>The transformed copy of <paramref name="input"/>.</summary>
    public static Volume<T> Apply<T>(this TtaCode tta, Volume<T> input) where T : unmanaged
    {
        var shape = input.Shape;
        var output = Volume<T>.Allocate(tta.TransformedShape(shape), tta.Rotate ? Swapped(input.VoxelSize) : input.VoxelSize);
        tta.Apply(input.Data, shape, output.Data, new ParallelOptions());
        return output;
    }

    /// <summary>Undoes <see cref="Apply{T}(TtaCode, Volume{T})"/>.</summary>
    public static Volume<T> Invert<T>(this TtaCode tta, Volume<T> transformed) where T : unmanaged
    {
        var shape = transformed.Shape;
        var output = Volume<T>.Allocate(tta.InvertedShape(shape), tta.Rotate ? Swapped(transformed.VoxelSize) : transformed.VoxelSize);
        tta.Invert<T>(transformed.Data, shape, output.Data);
        return output;
    }

    /// <summary>The rotation about z exchanges the y and x axes, and with them their voxel sizes.</summary>
    private static VoxelSize Swapped(VoxelSize size) => new(size.Z, size.X, size.Y);

    /// <summary>The keypoint moved with its voxel in a (d, h, w) patch.</summary>
    public static Keypoint Apply(this TtaCode tta, Keypoint kp, int d, int h, int w)
    {
        var (z, y, x) = tta.MapPoint(kp.Z, kp.Y, kp.X, d, h, w);
        return kp with { Z = z, Y = y, X = x };
    }
}
