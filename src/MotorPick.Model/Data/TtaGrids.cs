using MotorPick.Formats.Geometry;
using MotorPick.Model.Targets;
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
    public static Grid3<T> Apply<T>(this TtaCode tta, Grid3<T> input) where T : struct
    {
        var shape = new VolumeShape(input.D, input.H, input.W);
        var o = tta.TransformedShape(shape);
        var output = new Grid3<T>(o.Z, o.Y, o.X);
        tta.Apply(input.Data, shape, output.Data, new ParallelOptions());
        return output;
    }

    /// <summary>Undoes <see cref="Apply{T}(TtaCode, Grid3{T})"/>.</summary>
    public static Grid3<T> Invert<T>(this TtaCode tta, Grid3<T> transformed) where T : struct
    {
        var shape = new VolumeShape(transformed.D, transformed.H, transformed.W);
        var o = tta.InvertedShape(shape);
        var output = new Grid3<T>(o.Z, o.Y, o.X);
        tta.Invert<T>(transformed.Data, shape, output.Data);
        return output;
    }

    /// <summary>The keypoint moved with its voxel in a (d, h, w) patch.</summary>
    public static Keypoint Apply(this TtaCode tta, Keypoint kp, int d, int h, int w)
    {
        var (z, y, x) = tta.MapPoint(kp.Z, kp.Y, kp.X, d, h, w);
        return kp with { Z = z, Y = y, X = x };
    }
}
