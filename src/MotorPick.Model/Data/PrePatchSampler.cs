using MotorPick.Volumes.Geometry;
namespace MotorPick.Model.Data;

/// <summary>One training item: a window of a tomogram under one of the 16 rot90/flip variants.</summary>
public readonly record struct SampleItem(int Tomogram, (int Z, int Y, int X) Start, string Tta, bool Foreground);

/// <summary>
/// The reference's "pre_patch" sampling (8.3): windows on the sliding-window grid; a window is foreground when a
/// motor lies in [start, end-1] on every axis. An epoch holds every foreground window under each of the 16 variants,
/// plus round(bg_ratio · 16 · #fg) background windows drawn with replacement — weight 1 for windows of negative
/// tomograms and #bg_neg · bg_from_pos_ratio / #bg_pos for background windows of positive tomograms — each with a
/// random variant. The epoch is shuffled.
/// </summary>
public sealed class PrePatchSampler
{
    private readonly List<(int Tomo, (int Z, int Y, int X) Start)> foreground = [];
    private readonly List<(int Tomo, (int Z, int Y, int X) Start, double Weight)> background = [];

    public PrePatchSampler(IReadOnlyList<TrainTomogram> tomograms, (int D, int H, int W) patch, double bgRatio, double bgFromPosRatio)
    {
        BgRatio = bgRatio;
        int bgNeg = 0, bgPos = 0;
        var bgTmp = new List<(int, (int, int, int), bool Positive)>();
        for (int t = 0; t < tomograms.Count; t++)
        {
            var tomo = tomograms[t];
            bool positive = tomo.Motors.Count > 0;
            foreach (var s in SlidingWindow.Positions((tomo.Volume.D, tomo.Volume.H, tomo.Volume.W), patch))
            {
                bool fg = tomo.Motors.Any(m =>
                    m.Z >= s.Z && m.Z <= s.Z + patch.D - 1 && m.Y >= s.Y && m.Y <= s.Y + patch.H - 1 && m.X >= s.X && m.X <= s.X + patch.W - 1);
                if (fg) foreground.Add((t, s));
                else
                {
                    bgTmp.Add((t, s, positive));
                    if (positive) bgPos++; else bgNeg++;
                }
            }
        }
        // without negative tomograms the reference's weight would be 0 for every window: use 1 instead
        double posWeight = bgNeg == 0 ? 1 : bgPos == 0 ? 0 : bgNeg * bgFromPosRatio / bgPos;
        foreach (var (t, s, positive) in bgTmp) background.Add((t, s, positive ? posWeight : 1));
    }

    public double BgRatio { get; }
    public int ForegroundWindows => foreground.Count;
    public int BackgroundWindows => background.Count;

    /// <summary>Items per epoch: 16 · #fg + round(bg_ratio · 16 · #fg), or all background windows when there is no foreground.</summary>
    public int EpochLength => foreground.Count == 0 ? background.Count : foreground.Count * TtaCode.AllCodes.Count + BackgroundCount;

    private int BackgroundCount => (int)Math.Round(BgRatio * TtaCode.AllCodes.Count * foreground.Count, MidpointRounding.ToEven);

    /// <summary>The shuffled items of one epoch.</summary>
    public List<SampleItem> Epoch(Random rng)
    {
        var items = new List<SampleItem>(EpochLength);
        foreach (var (t, s) in foreground)
            foreach (var code in TtaCode.AllCodes)
                items.Add(new SampleItem(t, s, code, true));
        int nBg = foreground.Count == 0 ? background.Count : BackgroundCount;
        if (background.Count > 0 && nBg > 0)
        {
            var cumulative = new double[background.Count];
            double total = 0;
            for (int i = 0; i < background.Count; i++) cumulative[i] = total += background[i].Weight;
            for (int i = 0; i < nBg && total > 0; i++)
            {
                double u = rng.NextDouble() * total;
                int k = Array.BinarySearch(cumulative, u);
                k = k < 0 ? ~k : k + 1;
                k = Math.Min(k, background.Count - 1);
                var (t, s, _) = background[k];
                items.Add(new SampleItem(t, s, TtaCode.AllCodes[rng.Next(TtaCode.AllCodes.Count)], false));
            }
        }
        rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(items));
        return items;
    }
}
