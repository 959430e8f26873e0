using MotorPick.Core;

namespace MotorPick.Inference.Aggregation;

/// <summary>
/// The reference's <c>scale_range(start, end, scale, minv, maxv)</c> (submit_3d.py, docs/reference.md 5.6): maps the voxel range
/// [start, end) to a range of <c>n = round((end - start) * scale)</c> cells of a coarser grid, keeping every patch
/// placed at the same length. Python semantics: <c>round</c> is half-to-even, <c>int()</c> truncates.
/// </summary>
public static class ScaleRange
{
    public static (int Start, int End) Compute(int start, int end, double scale, int minv, int maxv)
    {
        var n = PyRound((end - start) * scale);
        var s = start * scale;
        var e = end * scale;
        if (PyRound(e) - PyRound(s) == n) return (PyRound(s), PyRound(e));
        var c1 = (int)Math.Truncate(s);
        var c2 = PyRound(s);
        bool Fits(int c) => minv <= c && c < c + n && c + n <= maxv;
        var fit1 = Fits(c1);
        var fit2 = Fits(c2);
        if (fit1 && fit2)
        {
            if (c1 == c2) return (c1, c1 + n);
            var d1 = Math.Abs(c1 - s) + Math.Abs(c1 + n - e);
            var d2 = Math.Abs(c2 - s) + Math.Abs(c2 + n - e);
            var c = d1 < d2 ? c1 : c2;
            return (c, c + n);
        }
        if (fit1) return (c1, c1 + n);
        if (fit2) return (c2, c2 + n);
        throw new MotorPickException($"scale_range({start}, {end}, {scale}, {minv}, {maxv}) has no placement of {n} cells");
    }

    /// <summary>Python's <c>round(x)</c> on a float: half to even.</summary>
    public static int PyRound(double x) => (int)Math.Round(x, MidpointRounding.ToEven);
}
