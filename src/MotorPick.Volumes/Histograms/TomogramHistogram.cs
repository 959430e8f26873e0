using MotorPick.Volumes.Intensity;

namespace MotorPick.Volumes.Histograms;

/// <summary>One entry of the reference's <c>histogram.json</c>: shapes before and after re-spacing and the 256-bin
/// uint8 histogram of the re-spaced volume (docs/reference.md 4).</summary>
public sealed record TomogramHistogram(string TomoId, int[] OriShape, int[] SpacedShape, long[] Hist)
{
    /// <summary><c>sum(h[0:50]) / sum(h[50:])</c>.</summary>
    public double DarkRatio => Quantisation.DarkRatio(Hist);

    /// <summary>The rule of docs/reference.md 2.4: <see cref="DarkRatio"/> &gt; 1.</summary>
    public bool LooksWronglyQuantised => Quantisation.LooksWronglyQuantised(Hist);
}
