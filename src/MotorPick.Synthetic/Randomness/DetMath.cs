namespace MotorPick.Synthetic.Randomness;

/// <summary>
/// Elementary functions built only from IEEE-exact operations (+ - * / sqrt, ScaleB), so that every
/// generated number is bit-identical on every platform; Math.Exp/Log/Sin come from the C library and may
/// differ in the last bit between operating systems.
/// </summary>
public static class DetMath
{
    private const double Ln2 = 0.69314718055994530942;

    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x > 709) return double.PositiveInfinity;
        if (x < -745) return 0;
        var k = Math.Round(x / Ln2);
        var r = x - k * Ln2;                       // |r| <= ln2/2
        // Taylor series to degree 13 (error < 1e-16 on |r| <= 0.35).
        double term = 1, sum = 1;
        for (var i = 1; i <= 13; i++)
        {
            term *= r / i;
            sum += term;
        }
        return Math.ScaleB(sum, (int)k);
    }

    public static double Log(double x)
    {
        if (x <= 0 || double.IsNaN(x)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return x;
        var e = Math.ILogB(x);
        var m = Math.ScaleB(x, -e);                // m in [1, 2)
        if (m > 1.4142135623730951)
        {
            m /= 2;
            e++;
        }
        // log(m) = 2 atanh(t), t = (m - 1) / (m + 1), |t| <= 0.172.
        var t = (m - 1) / (m + 1);
        var t2 = t * t;
        double term = t, sum = 0;
        for (var i = 1; i <= 41; i += 2)
        {
            sum += term / i;
            term *= t2;
        }
        return 2 * sum + e * Ln2;
    }

    public static double Sin(double x) => SinCos(x).Sin;

    public static double Cos(double x) => SinCos(x).Cos;

    public static (double Sin, double Cos) SinCos(double x)
    {
        // Reduce to [-pi/4, pi/4] and a quadrant. Arguments here are angles of a few turns at most.
        var q = Math.Round(x / (Math.PI / 2));
        var r = x - q * (Math.PI / 2);
        var r2 = r * r;
        double s = r, c = 1, ts = r, tc = 1;
        for (var i = 1; i <= 10; i++)
        {
            ts *= -r2 / ((2 * i) * (2 * i + 1));
            tc *= -r2 / ((2 * i - 1) * (2 * i));
            s += ts;
            c += tc;
        }
        return ((long)q & 3) switch
        {
            0 => (s, c),
            1 => (c, -s),
            2 => (-s, -c),
            _ => (-c, s),
        };
    }

    /// <summary>A smooth compact bump: (1 - t^2)^2 for |t| &lt; 1, else 0 (C1, cheap, no exp).</summary>
    public static float Bump(float t)
    {
        var u = 1 - t * t;
        return u > 0 ? u * u : 0;
    }

    /// <summary>Smooth step from 0 at e0 to 1 at e1.</summary>
    public static float SmoothStep(float e0, float e1, float x)
    {
        var t = (x - e0) / (e1 - e0);
        if (t <= 0) return 0;
        if (t >= 1) return 1;
        return t * t * (3 - 2 * t);
    }
}
