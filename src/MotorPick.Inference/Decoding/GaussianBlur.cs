using MotorPick.Core;
using MotorPick.Formats.Geometry;
using MotorPick.Volumes.Filtering;

namespace MotorPick.Inference.Decoding;

/// <summary>
/// The optional post-blur of round 2 (docs/reference.md 6.4): MONAI <c>gaussian_1d(sigma, truncated=4, approx="erf")</c> kernels
/// (<c>tail = int(max(sigma * truncated, 0.5) + 0.5)</c>, <c>k[x] = 0.5 * (erf(t(x + 0.5)) - erf(t(x - 0.5)))</c>,
/// <c>t = 0.70710678 / sigma</c>, not normalised), applied separably along z, y and x with zero padding.
/// </summary>
public static class GaussianBlur
{
    /// <summary>The 1-D kernel (length <c>2 * tail + 1</c>), computed in float32 like MONAI's.</summary>
    public static float[] Kernel(double sigma, double truncated = 4.0)
    {
        if (!(sigma > 0)) throw new MotorPickException($"blur sigma must be positive, got {sigma}", field: "sigma");
        var s = (float)sigma;
        var tail = (int)(Math.Max(s * truncated, 0.5) + 0.5);
        var t = 0.70710678f / Math.Abs(s);
        var k = new float[2 * tail + 1];
        for (var i = 0; i < k.Length; i++)
        {
            float x = i - tail;
            var v = 0.5f * ((float)Erf(t * (x + 0.5f)) - (float)Erf(t * (x - 0.5f)));
            k[i] = Math.Max(v, 0f);
        }
        return k;
    }

    /// <summary>Blurs <paramref name="values"/> (shape <paramref name="shape"/>) in place with sigma in heatmap voxels.</summary>
    public static void Apply(Span<float> values, VolumeShape shape, double sigma, double truncated = 4.0) =>
        SeparableFilter.Apply(values, shape, Kernel(sigma, truncated), FilterEdges.Zero);

    /// <summary>The error function to double precision (Taylor series near 0, continued fraction for erfc beyond).</summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        var ax = Math.Abs(x);
        double r;
        if (ax < 2.5)
        {
            // erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
            double term = ax, sum = ax, x2 = ax * ax;
            for (var n = 1; n < 200; n++)
            {
                term *= -x2 / n;
                var add = term / (2 * n + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
            }
            r = 2.0 / Math.Sqrt(Math.PI) * sum;
        }
        else if (ax > 27) r = 1.0;
        else r = 1.0 - Erfc(ax);
        return x < 0 ? -r : r;
    }

    /// <summary>erfc(x) for x &gt;= 2.5 by the Lentz continued fraction.</summary>
    private static double Erfc(double x)
    {
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + 2/(x + ...)))))
        const double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (var n = 1; n < 500; n++)
        {
            var a = n / 2.0;
            d = x + a * d;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / f;
    }
}
