namespace MotorPick.Model.Data;

/// <summary>
/// The reference's window starts (<c>get_sliding_patch_positions</c>, border 0, overlap 0, docs/reference.md 5.3):
/// 0, R, 2R, ... while below L, the last moved flush with the end (negative when L &lt; R: zero padding in front).
/// </summary>
public static class SlidingWindow
{
    /// <summary>The starts along one axis: the inference engine's rule, so that training and inference cut the same windows.</summary>
    public static int[] Starts(int length, int roi) => Inference.Windows.SlidingWindow.AxisStarts(length, roi);

    /// <summary>All window starts of a volume, z-major then y then x.</summary>
    public static IEnumerable<(int Z, int Y, int X)> Positions((int D, int H, int W) shape, (int D, int H, int W) patch)
    {
        var zs = Starts(shape.D, patch.D);
        var ys = Starts(shape.H, patch.H);
        var xs = Starts(shape.W, patch.W);
        foreach (var z in zs)
            foreach (var y in ys)
                foreach (var x in xs)
                    yield return (z, y, x);
    }
}
