namespace MotorPick.Core.Statistics;

/// <summary>
/// The two-sample Kolmogorov-Smirnov test: the largest gap between two empirical distribution functions and its
/// asymptotic p-value (Kolmogorov's distribution with Stephens' small-sample correction, good from about 4 values a
/// side; with ties, as confidences of 1.0 are, the test is conservative: p is too large, never too small).
/// </summary>
public static class KolmogorovSmirnov
{
    public static (double D, double P) TwoSample(IReadOnlyCollection<double> a, IReadOnlyCollection<double> b)
    {
        if (a.Count == 0 || b.Count == 0) throw new ArgumentException("both samples need at least one value");
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        int i = 0, j = 0;
        double d = 0;
        while (i < x.Length && j < y.Length)
        {
            // step past every copy of the smaller value in both samples, so ties never open a false gap
            var v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] == v) i++;
            while (j < y.Length && y[j] == v) j++;
            d = Math.Max(d, Math.Abs((double)i / x.Length - (double)j / y.Length));
        }
        var ne = (double)x.Length * y.Length / (x.Length + y.Length);
        var sqrt = Math.Sqrt(ne);
        return (d, SurvivalFunction((sqrt + 0.12 + 0.11 / sqrt) * d));
    }

    /// <summary>P(K &gt; lambda) of Kolmogorov's distribution: 2 sum (-1)^(k-1) exp(-2 k^2 lambda^2).</summary>
    public static double SurvivalFunction(double lambda)
    {
        if (lambda < 0.2) return 1; // the series converges slowly here, and the answer is 1 to 1e-9
        double sum = 0, previous = 0;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2.0 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? 2 : -2) * term;
            if (term <= 1e-10 * Math.Abs(sum) || term <= 1e-16 * previous) break;
            previous = term;
        }
        return Math.Clamp(sum, 0, 1);
    }
}
