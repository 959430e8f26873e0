namespace MotorPick.Curation.Rendering;

/// <summary>An RGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static readonly Rgb Red = new(255, 0, 0);
    public static readonly Rgb Green = new(0, 255, 0);
    public static readonly Rgb White = new(255, 255, 255);
}

/// <summary>A row-major 8-bit RGB image with the few drawing operations review images need.</summary>
public sealed class RgbCanvas
{
    public RgbCanvas(int width, int height)
    {
        Width = width;
        Height = height;
        Pixels = new byte[checked(width * height * 3)];
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public void Set(int x, int y, Rgb c)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        var i = (y * Width + x) * 3;
        Pixels[i] = c.R;
        Pixels[i + 1] = c.G;
        Pixels[i + 2] = c.B;
    }

    /// <summary>Copies a grayscale panel (width x height bytes) to (<paramref name="x0"/>, <paramref name="y0"/>).</summary>
    public void DrawGray(ReadOnlySpan<byte> gray, int width, int height, int x0, int y0)
    {
        for (var y = 0; y < height; y++)
        {
            var dy = y0 + y;
            if ((uint)dy >= (uint)Height) continue;
            for (var x = 0; x < width; x++)
            {
                var v = gray[y * width + x];
                Set(x0 + x, dy, new Rgb(v, v, v));
            }
        }
    }

    /// <summary>Copies an RGB panel to (<paramref name="x0"/>, <paramref name="y0"/>).</summary>
    public void DrawRgb(RgbCanvas panel, int x0, int y0)
    {
        for (var y = 0; y < panel.Height; y++)
        {
            var dy = y0 + y;
            if ((uint)dy >= (uint)Height) continue;
            var w = Math.Min(panel.Width, Width - x0);
            if (w <= 0) return;
            Array.Copy(panel.Pixels, y * panel.Width * 3, Pixels, (dy * Width + x0) * 3, w * 3);
        }
    }

    /// <summary>
    /// A circle outline of radius <paramref name="r"/> and the given thickness, centred on (cx, cy), like cv2.circle;
    /// <paramref name="dashed"/> leaves gaps (a whole number of dashes of about <see cref="DashPeriod"/> pixels, the
    /// first starting at angle 0) so the circle differs from a solid one without colour.
    /// </summary>
    public void DrawCircle(double cx, double cy, int r, int thickness, Rgb c, int x0 = 0, int y0 = 0, int clipW = int.MaxValue, int clipH = int.MaxValue, bool dashed = false)
    {
        if (r <= 0) return;
        var half = thickness / 2.0;
        double rIn = Math.Max(0, r - half), rOut = r + half;
        var xc = (int)Math.Round(cx, MidpointRounding.ToEven);
        var yc = (int)Math.Round(cy, MidpointRounding.ToEven);
        var reach = (int)Math.Ceiling(rOut);
        for (var dy = -reach; dy <= reach; dy++)
        {
            for (var dx = -reach; dx <= reach; dx++)
            {
                var d = Math.Sqrt(dx * dx + dy * dy);
                if (d < rIn || d > rOut) continue;
                if (dashed && !OnDash(dx, dy, r)) continue;
                int x = xc + dx, y = yc + dy;
                if (x < 0 || y < 0 || x >= clipW || y >= clipH) continue;
                Set(x0 + x, y0 + y, c);
            }
        }
    }

    /// <summary>Length of one dash and its gap along a dashed circle (pixels).</summary>
    public const double DashPeriod = 10;

    private static bool OnDash(int dx, int dy, int r)
    {
        var dashes = Math.Max(4, (int)Math.Round(2 * Math.PI * r / DashPeriod));
        var turn = Math.Atan2(dy, dx) / (2 * Math.PI);
        var along = (turn + 1) * dashes % 1.0;
        return along < 0.6;
    }

    /// <summary>Text in the built-in 5x7 font, <paramref name="scale"/> pixels per font pixel, top-left at (x, y).</summary>
    public void DrawText(string text, int x, int y, int scale, Rgb c) => BitmapFont.Draw(this, text, x, y, scale, c);
}
