using MotorPick.Core;
using MotorPick.Formats.Geometry;

namespace MotorPick.Volumes.Geometry;

/// <summary>One window of a sliding-window plan: its start in the (re-spaced) volume, possibly negative, and its size.</summary>
public readonly record struct PatchWindow(int Z, int Y, int X, VolumeShape Size)
{
    /// <summary>Zero slices in front of the volume data along each axis (<c>max(-start, 0)</c>).</summary>
    public (int Z, int Y, int X) TopPad => (Math.Max(-Z, 0), Math.Max(-Y, 0), Math.Max(-X, 0));

    /// <summary>Zero slices after the end of the volume along each axis (<c>max(0, end - L)</c>).</summary>
    public (int Z, int Y, int X) BottomPad(VolumeShape volume) =>
        (Math.Max(0, Z + Size.Z - volume.Z), Math.Max(0, Y + Size.Y - volume.Y), Math.Max(0, X + Size.X - volume.X));
}

/// <summary>
/// The reference's sliding windows (<c>get_sliding_patch_positions</c> with border 0 and overlap 0, docs/reference.md 5.3):
/// per axis the starts are 0, R, 2R, ... below L, then the last one is moved flush with the end (<c>L - R</c>,
/// negative when the volume is smaller than the window: the padding then comes in front). Windows are the
/// Cartesian product, Z-major, then Y, then X.
/// </summary>
public static class SlidingWindow
{
    /// <summary>Window starts along one axis of length <paramref name="length"/> for a window of <paramref name="roi"/> voxels.</summary>
    public static int[] AxisStarts(int length, int roi)
    {
        if (length < 1) throw new MotorPickException($"cannot cut windows from an axis of {length} voxels", field: "shape");
        if (roi < 1) throw new MotorPickException($"window size must be positive, got {roi}", field: "patch_size");
        var count = (length + roi - 1) / roi; // len(range(0, L, R))
        var starts = new int[count];
        for (var i = 0; i < count; i++) starts[i] = i * roi;
        starts[^1] = length - roi;
        return starts;
    }

    /// <summary>All windows of <paramref name="patch"/> size over <paramref name="volume"/>, Z-major.</summary>
    public static IReadOnlyList<PatchWindow> Plan(VolumeShape volume, VolumeShape patch)
    {
        var zs = AxisStarts(volume.Z, patch.Z);
        var ys = AxisStarts(volume.Y, patch.Y);
        var xs = AxisStarts(volume.X, patch.X);
        var result = new List<PatchWindow>(zs.Length * ys.Length * xs.Length);
        foreach (var z in zs)
            foreach (var y in ys)
                foreach (var x in xs)
                    result.Add(new PatchWindow(z, y, x, patch));
        return result;
    }

    /// <summary>The window starts of <see cref="Plan"/> for (d, h, w) shapes, Z-major: training cuts the windows inference cuts.</summary>
    public static IEnumerable<(int Z, int Y, int X)> Positions((int D, int H, int W) shape, (int D, int H, int W) patch)
    {
        var zs = AxisStarts(shape.D, patch.D);
        var ys = AxisStarts(shape.H, patch.H);
        var xs = AxisStarts(shape.W, patch.W);
        foreach (var z in zs)
            foreach (var y in ys)
                foreach (var x in xs)
                    yield return (z, y, x);
    }
}
