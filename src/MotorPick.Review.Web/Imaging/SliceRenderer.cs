using MotorPick.Curation.Rendering;
using MotorPick.Formats.Jpeg;
using MotorPick.Volumes;

namespace MotorPick.Review.Web.Imaging;

/// <summary>Crops a slice around a point, applies the contrast, and encodes it (libvips, like the rest of MotorPick).</summary>
public static class SliceRenderer
{
    /// <summary>The grey crop of <paramref name="view"/> from a Y x X slice, contrast applied.</summary>
    public static byte[] Crop(ReadOnlySpan<byte> slice, int height, int width, SliceView view)
    {
        var n = view.Size;
        var output = new byte[n * n];
        int y0 = Math.Max(view.Top, 0), y1 = Math.Min(view.Top + n, height);
        int x0 = Math.Max(view.Left, 0), x1 = Math.Min(view.Left + n, width);
        Span<int> histogram = stackalloc int[256];
        var valid = 0;
        for (var y = y0; y < y1; y++)
        {
            var src = slice.Slice(y * width + x0, Math.Max(0, x1 - x0));
            src.CopyTo(output.AsSpan((y - view.Top) * n + (x0 - view.Left)));
            foreach (var v in src) histogram[v]++;
            valid += src.Length;
        }
        var (lo, hi) = view.Contrast switch
        {
            ContrastMode.Auto => Percentiles(histogram, valid, 0.01, 0.99),
            ContrastMode.Window => (Math.Clamp(view.Low, 0, 255), Math.Clamp(view.High, 0, 255)),
            _ => (0, 255),
        };
        if (hi <= lo) hi = Math.Min(255, lo + 1);
        Span<byte> lut = stackalloc byte[256];
        for (var v = 0; v < 256; v++)
        {
            var mapped = (byte)Math.Clamp((int)Math.Round((v - lo) * 255.0 / (hi - lo)), 0, 255);
            lut[v] = view.Invert ? (byte)(255 - mapped) : mapped;
        }
        // Padding stays black whatever the contrast, so the slice's edge is visible.
        for (var y = 0; y < n; y++)
        {
            var sy = view.Top + y;
            var row = output.AsSpan(y * n, n);
            if (sy < y0 || sy >= y1) continue;
            for (var x = Math.Max(0, x0 - view.Left); x < Math.Min(n, x1 - view.Left); x++) row[x] = lut[row[x]];
        }
        return output;
    }

    /// <summary>The heatmap at tomogram slice <paramref name="z"/> over the crop, resampled bilinearly to the slice grid
    /// exactly as the reference's panel (<see cref="HeatmapPanel"/>), in viridis (RGB).</summary>
    public static byte[] HeatmapCrop(Volume<float> heatmap, int z, int tomoZ, int height, int width, SliceView view)
    {
        var k = HeatmapPanel.PlaneFor(heatmap, z, tomoZ);
        var n = view.Size;
        var rgb = new byte[n * n * 3];
        for (var py = 0; py < n; py++)
        {
            var ty = view.Top + py;
            if (ty < 0 || ty >= height) continue;
            var tapY = HeatmapPanel.AxisTap(ty, height, heatmap.Shape.Y);
            for (var px = 0; px < n; px++)
            {
                var tx = view.Left + px;
                if (tx < 0 || tx >= width) continue;
                var c = Viridis.Map(HeatmapPanel.Sample(heatmap, k, tapY, HeatmapPanel.AxisTap(tx, width, heatmap.Shape.X)));
                var i = (py * n + px) * 3;
                rgb[i] = c.R;
                rgb[i + 1] = c.G;
                rgb[i + 2] = c.B;
            }
        }
        return rgb;
    }

    /// <summary>Encodes 8-bit pixels (1 band grey or 3 bands RGB) as PNG (fast compression) or JPEG.</summary>
    public static byte[] Encode(byte[] pixels, int width, int height, int bands, ImageFormat format, int jpegQuality = 90)
    {
        _ = NetVipsJpegCodec.Instance; // applies the process-wide libvips settings (no operation cache)
        using var image = NetVips.Image.NewFromMemoryCopy(pixels, width, height, bands, NetVips.Enums.BandFormat.Uchar);
        return format == ImageFormat.Png
            ? image.PngsaveBuffer(compression: 1, keep: NetVips.Enums.ForeignKeep.None)
            : image.JpegsaveBuffer(q: jpegQuality, keep: NetVips.Enums.ForeignKeep.None);
    }

    private static (int Lo, int Hi) Percentiles(ReadOnlySpan<int> histogram, int count, double low, double high)
    {
        if (count == 0) return (0, 255);
        long loTarget = (long)Math.Floor(low * (count - 1)), hiTarget = (long)Math.Ceiling(high * (count - 1));
        int lo = 0, hi = 255;
        long seen = 0;
        var loFound = false;
        for (var v = 0; v < 256; v++)
        {
            seen += histogram[v];
            if (!loFound && seen > loTarget) { lo = v; loFound = true; }
            if (seen > hiTarget) { hi = v; break; }
        }
        return (lo, hi);
    }
}
