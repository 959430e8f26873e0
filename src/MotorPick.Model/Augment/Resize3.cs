namespace MotorPick.Model.Augment;

/// <summary>Separable resizing of float (z, y, x) buffers: linear (align_corners = false, as F.interpolate) or nearest.</summary>
internal static class Resize3
{
    public static float[] Resize(float[] src, (int D, int H, int W) from, (int D, int H, int W) to, bool linear)
    {
        var a = Axis(src, from, to.W, 2, linear);
        var mid = (from.D, from.H, to.W);
        var b = Axis(a, mid, to.H, 1, linear);
        mid = (from.D, to.H, to.W);
        return Axis(b, mid, to.D, 0, linear);
    }

    private static float[] Axis(float[] src, (int D, int H, int W) s, int m, int axis, bool linear)
    {
        int n = axis switch { 0 => s.D, 1 => s.H, _ => s.W };
        if (n == m) return src;
        var shape = axis switch { 0 => (m, s.H, s.W), 1 => (s.D, m, s.W), _ => (s.D, s.H, m) };
        var dst = new float[shape.Item1 * shape.Item2 * shape.Item3];
        // per output index: two source indices and a weight
        var i0 = new int[m]; var i1 = new int[m]; var w = new float[m];
        double scale = (double)n / m;
        for (int i = 0; i < m; i++)
        {
            if (linear)
            {
                double c = Math.Max((i + 0.5) * scale - 0.5, 0);
                int f = Math.Min((int)c, n - 1);
                i0[i] = f; i1[i] = Math.Min(f + 1, n - 1); w[i] = (float)(c - f);
            }
            else
            {
                i0[i] = i1[i] = Math.Min((int)Math.Floor(i * scale), n - 1);
            }
        }
        int outer = axis switch { 0 => 1, 1 => s.D, _ => s.D * s.H };
        int inner = axis switch { 0 => s.H * s.W, 1 => s.W, _ => 1 };
        Parallel.For(0, outer, o =>
        {
            for (int i = 0; i < m; i++)
            {
                int srcA = (o * n + i0[i]) * inner, srcB = (o * n + i1[i]) * inner, d = (o * m + i) * inner;
                float wb = w[i], wa = 1 - wb;
                for (int k = 0; k < inner; k++) dst[d + k] = wa * src[srcA + k] + wb * src[srcB + k];
            }
        });
        return dst;
    }
}
